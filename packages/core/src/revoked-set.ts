import { invalidToken, type AuthError } from './errors.js';
import type { Principal } from './principal.js';
import type { RevocationRecord } from './revocation-record.js';

/**
 * The revocations this process holds, indexed for the hot path: per issuer, the revoked `sid`s,
 * the `sub`s with the time up to which their tokens are revoked, and the not-before time.
 * Checking a token is a size test and, when anything is revoked, two or three Map lookups.
 */

interface IssuerState {
  readonly sids: Set<string>;
  /** sub → tokens issued at or before this `iat` are rejected. */
  readonly subs: Map<string, number>;
  /** Tokens issued before this are rejected (0: none). */
  notBefore: number;
  notBeforeReceivedAt: number;
}

export class RevokedSet {
  /** Every record by its encoding (the shared-store member). */
  private readonly records = new Map<string, RevocationRecord>();
  private issuers = new Map<string, IssuerState>();

  get size(): number {
    return this.records.size;
  }

  /** The record of an encoding, if held. */
  get(encoded: string): RevocationRecord | undefined {
    return this.records.get(encoded);
  }

  /** The encodings of every record held. */
  encoded(): IterableIterator<string> {
    return this.records.keys();
  }

  /** Adds a record; false when it was already held. */
  add(record: RevocationRecord, encoded: string): boolean {
    if (this.records.has(encoded)) return false;
    this.records.set(encoded, record);
    this.index(record);
    return true;
  }

  /** The error that refuses this principal's token, or undefined when it is not revoked. */
  check(principal: Principal): AuthError | undefined {
    if (this.records.size === 0) return undefined;
    const state = this.issuers.get(principal.issuer);
    if (state === undefined) return undefined;
    const claims = principal.claims;
    const iat = typeof claims.iat === 'number' ? claims.iat : undefined;
    if (state.notBefore > 0 && (iat === undefined || iat < state.notBefore)) {
      return invalidToken('session_ended', { reason: 'not_before' });
    }
    if (state.sids.size > 0) {
      // Keycloak writes `sid` from 25 on, `session_state` before.
      const sid = claims.sid ?? claims.session_state;
      if (typeof sid === 'string' && state.sids.has(sid)) {
        return invalidToken('session_ended', { reason: 'session_logged_out' });
      }
    }
    const sub = principal.subject;
    if (state.subs.size > 0 && sub !== undefined) {
      const at = state.subs.get(sub);
      if (at !== undefined && (iat === undefined || iat <= at)) {
        return invalidToken('session_ended', { reason: 'user_logged_out' });
      }
    }
    return undefined;
  }

  /**
   * Forgets the records every token of which has expired by `now`, and rebuilds the index.
   * @returns the encodings forgotten
   */
  prune(now: number): string[] {
    const dropped: string[] = [];
    for (const [encoded, record] of this.records) {
      if (record.expiresAt <= now) dropped.push(encoded);
    }
    if (dropped.length === 0) return dropped;
    for (const encoded of dropped) this.records.delete(encoded);
    this.issuers = new Map();
    for (const record of this.records.values()) this.index(record);
    return dropped;
  }

  private index(record: RevocationRecord): void {
    let state = this.issuers.get(record.issuer);
    if (!state) {
      state = { sids: new Set(), subs: new Map(), notBefore: 0, notBeforeReceivedAt: -1 };
      this.issuers.set(record.issuer, state);
    }
    if (record.kind === 'sid') state.sids.add(record.id);
    else if (record.kind === 'sub') {
      state.subs.set(record.id, Math.max(record.at, state.subs.get(record.id) ?? -Infinity));
    } else if (record.receivedAt >= state.notBeforeReceivedAt) {
      state.notBefore = record.at;
      state.notBeforeReceivedAt = record.receivedAt;
    }
  }
}
