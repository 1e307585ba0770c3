/**
 * Replay detection of DPoP proofs (RFC 9449 §11.1): each `jti` is accepted once per proof key
 * while a proof could still pass the `iat` check. With a shared store configured (`store`, e.g.
 * `@realmguard/redis`), the first sighting is claimed there with set-if-absent, so that a proof
 * replayed to another instance is caught; the store is named by a hash of key and `jti`.
 * Without one, and when the store is unavailable under `onStoreUnavailable: 'fail-open'`, an
 * in-process LRU (bounded in entries and bytes) decides.
 */
import { LRUCache } from 'lru-cache';
import { AuthError } from '../errors.js';
import type { StoreAccess } from '../store-access.js';
import { partsHash } from '../token-hash.js';
import { DpopProblem } from './problems.js';

/** What the replay guard needs of the verifier. */
export interface ReplayContext {
  /** The user's shared store (through its deadlines), or undefined for the in-process LRU. */
  readonly store: StoreAccess | undefined;
  readonly failClosed: boolean;
  /** Seconds a proof is accepted after its `iat` (proofMaxAge + clockTolerance). */
  readonly window: number;
  readonly now: () => number;
}

/** 503: the shared store cannot confirm that a proof is new (`fail-closed`). */
function replayCheckUnavailable(): AuthError {
  return new AuthError({ code: 'replay_check_unavailable', retryAfter: 1 });
}

/** Claims proof ids. */
export class ReplayGuard {
  readonly #seen: LRUCache<string, true>;

  constructor(private readonly ctx: ReplayContext) {
    this.#seen = new LRUCache<string, true>({
      max: 100_000,
      maxSize: 16 * 1024 * 1024,
      sizeCalculation: (_value, key) => key.length * 2 + 64,
      ttlResolution: 0,
      perf: { now: ctx.now },
    });
  }

  /** Milliseconds the id of a proof issued at `iat` must be remembered (at least 1 s). */
  #ttl(iat: number): number {
    return Math.max(1_000, Math.ceil((iat + this.ctx.window) * 1000 - this.ctx.now()) + 1_000);
  }

  /** True when this process has not seen the id before (and remembers it now). */
  #local(id: string, ttl: number): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, true, { ttl });
    return true;
  }

  /**
   * Records the proof `jti` of key `jkt`.
   * @throws DpopProblem `replay` for an id seen before; AuthError 503 when the shared store
   *   cannot answer and `onStoreUnavailable` is `'fail-closed'`
   */
  async claim(jkt: string, jti: string, iat: number): Promise<void> {
    const ttl = this.#ttl(iat);
    const id = `${jkt}\n${jti}`;
    const fresh = this.#local(id, ttl);
    const { store } = this.ctx;
    if (!fresh) throw new DpopProblem('replay');
    if (!store) return;
    let first: boolean;
    try {
      first = await store.setIfAbsent(`dpop-jti:${await partsHash([jkt, jti])}`, '1', ttl);
    } catch {
      // The event is reported by the store access; the local sighting above stands.
      if (this.ctx.failClosed) throw replayCheckUnavailable();
      return;
    }
    if (!first) throw new DpopProblem('replay');
  }
}
