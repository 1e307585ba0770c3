/**
 * One revocation as instances exchange it through the shared store: a set member and a
 * pub/sub message at once. It names a session (`sid`), a user (`sub`) or a realm-wide
 * not-before time, never a token.
 */

/** What a revocation applies to. */
export type RevocationKind = 'sid' | 'sub' | 'not-before';

/** A revocation. Times: `at` in epoch seconds (as `iat`), the others in epoch ms. */
export interface RevocationRecord {
  readonly kind: RevocationKind;
  /** The issuer whose tokens it applies to. */
  readonly issuer: string;
  /** The `sid` or `sub`; empty for not-before. */
  readonly id: string;
  /**
   * `sub`: tokens issued at or before it (the logout token's `iat`) are rejected, later logins
   * are not. `not-before`: tokens issued before it are rejected (Keycloak's rule); 0 clears.
   * `sid`: the logout token's `iat` (every token of the session is rejected).
   */
  readonly at: number;
  /** After this, every token the record could reject has expired: it may be forgotten. */
  readonly expiresAt: number;
  /** Not-before only: when it was received; the latest one received wins. */
  readonly receivedAt: number;
}

const VERSION = 1;
const KINDS = new Set<string>(['sid', 'sub', 'not-before']);

/**
 * The record as a compact, deterministic string (equal records give equal strings, so a
 * record added twice to a set is one member).
 *
 * @example
 * ```ts
 * encodeRevocation({ kind: 'sid', issuer, id: sid, at: 1760000000, expiresAt, receivedAt: 0 });
 * ```
 */
export function encodeRevocation(record: RevocationRecord): string {
  return JSON.stringify([
    VERSION,
    record.kind,
    record.issuer,
    record.id,
    record.at,
    record.expiresAt,
    record.receivedAt,
  ]);
}

/**
 * The record a string encodes, or undefined for anything else (another version, garbage).
 *
 * @example
 * ```ts
 * const record = parseRevocation(message);
 * if (record) revocations.apply(record);
 * ```
 */
export function parseRevocation(text: string): RevocationRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 7 || value[0] !== VERSION) return undefined;
  const [, kind, issuer, id, at, expiresAt, receivedAt] = value as unknown[];
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
  if (typeof issuer !== 'string' || typeof id !== 'string') return undefined;
  if (kind !== 'not-before' && id.length === 0) return undefined;
  if (![at, expiresAt, receivedAt].every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return undefined;
  }
  return {
    kind: kind as RevocationKind,
    issuer,
    id,
    at: at as number,
    expiresAt: expiresAt as number,
    receivedAt: receivedAt as number,
  };
}
