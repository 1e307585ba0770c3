import { base64url, importJWK, type JWK } from 'jose';
import { idpUnavailable, invalidToken } from './errors.js';
import type { Discovery } from './discovery.js';
import { reportFetchFailures, type EventSink } from './events.js';
import { fetchJson, IdpFetchError, httpOptionsOf } from './http.js';
import type { ResolvedOptions } from './options.js';
import { nodeSignatureCheck, type SignatureCheck } from './node-crypto.js';
import { RefreshingCache } from './refreshing-cache.js';

/** A published signing key, with its imported CryptoKeys cached per algorithm. */
export interface SigningKey {
  readonly kid: string | undefined;
  readonly jwk: JWK;
  /** RSA modulus length in bits (undefined for EC/OKP keys). */
  readonly modulusBits: number | undefined;
  readonly imported: Map<string, Promise<CryptoKey | Uint8Array>>;
  /** Node's synchronous signature checks per algorithm (undefined: use Web Crypto). */
  readonly checks: Map<string, SignatureCheck | undefined>;
}

/** One issuer's signing keys as last fetched. */
export interface KeySet {
  readonly keys: readonly SigningKey[];
  readonly byKid: ReadonlyMap<string, SigningKey>;
}

const CURVE_OF_ALG: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** Whether `jwk` may verify a signature made with `alg` (RFC 7517 `use`/`key_ops`, kty, crv). */
export function keyFitsAlgorithm(jwk: JWK, alg: string): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (alg.startsWith('RS') || alg.startsWith('PS')) return jwk.kty === 'RSA';
  if (alg.startsWith('ES')) return jwk.kty === 'EC' && jwk.crv === CURVE_OF_ALG[alg];
  if (alg === 'EdDSA' || alg === 'Ed25519') return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
  return false;
}

function isSigningKey(jwk: JWK): boolean {
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false;
  // Only public keys: a JWKS that leaks private members is still only used for verification.
  return jwk.kty === 'RSA' || jwk.kty === 'EC' || jwk.kty === 'OKP';
}

function modulusBits(jwk: JWK): number | undefined {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') return undefined;
  try {
    const n = base64url.decode(jwk.n);
    let start = 0;
    while (start < n.length && n[start] === 0) start++;
    const lead = n[start] ?? 0;
    return (n.length - start - 1) * 8 + (lead === 0 ? 0 : Math.floor(Math.log2(lead)) + 1);
  } catch {
    return undefined;
  }
}

/** Parses a JWKS document into signing keys, skipping `enc` keys and anything malformed. */
export function parseKeySet(json: Record<string, unknown>): KeySet {
  if (!Array.isArray(json.keys))
    throw new IdpFetchError('invalid_response', 'JWKS has no "keys" array');
  const keys: SigningKey[] = [];
  const byKid = new Map<string, SigningKey>();
  for (const candidate of json.keys as unknown[]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const jwk = candidate as JWK;
    if (!isSigningKey(jwk)) continue;
    const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
    const key: SigningKey = {
      kid,
      jwk,
      modulusBits: modulusBits(jwk),
      imported: new Map(),
      checks: new Map(),
    };
    keys.push(key);
    if (kid !== undefined && !byKid.has(kid)) byKid.set(kid, key);
  }
  return { keys, byKid };
}

/** Imports (once per algorithm) the CryptoKey that verifies `alg` signatures. */
export function cryptoKeyFor(key: SigningKey, alg: string): Promise<CryptoKey | Uint8Array> {
  let imported = key.imported.get(alg);
  if (!imported) {
    imported = importJWK(key.jwk, alg);
    // A key that fails to import is retried next time rather than cached as a failure.
    imported.catch(() => key.imported.delete(alg));
    key.imported.set(alg, imported);
  }
  return imported;
}

/**
 * The `node:crypto` signature check for `alg`, made once per key and algorithm; undefined where
 * the Web Crypto path (`cryptoKeyFor` + jose) verifies instead, including keys Node rejects.
 */
export function signatureCheckFor(key: SigningKey, alg: string): SignatureCheck | undefined {
  if (key.checks.has(alg)) return key.checks.get(alg);
  let check: SignatureCheck | undefined;
  try {
    check = nodeSignatureCheck(key.jwk, alg);
  } catch {
    check = undefined;
  }
  key.checks.set(alg, check);
  return check;
}

/**
 * Per-issuer JWKS cache. Keys are found by `kid` (and `alg`); an unknown `kid` triggers at most
 * one refetch per cooldown, shared by concurrent requests. Keys that disappear from the JWKS are
 * reported through `onDropped` so that tokens verified with them are forgotten.
 */
export class KeyStore {
  private readonly cache: RefreshingCache<KeySet>;

  constructor(
    private readonly options: ResolvedOptions,
    discovery: Discovery,
    events: EventSink,
    onDropped: (issuer: string, kids: readonly string[]) => void,
  ) {
    const http = httpOptionsOf(options);
    this.cache = new RefreshingCache<KeySet>({
      ttl: options.keysMaxAge,
      staleWindow: options.keysStaleWindow,
      now: options.now,
      load: async (issuer, previous) => {
        const { jwks_uri } = await discovery.get(issuer);
        const set = parseKeySet(await fetchJson(jwks_uri, http));
        const dropped = previous
          ? [...previous.byKid.keys()].filter((kid) => !set.byKid.has(kid))
          : [];
        if (dropped.length > 0) onDropped(issuer, dropped);
        if (events.enabled) {
          events.emit({ type: 'keys_refreshed', issuer, kids: [...set.byKid.keys()], dropped });
        }
        return set;
      },
      onError: reportFetchFailures(events, 'jwks', 'unavailable'),
    });
  }

  /** Fetches the issuer's keys now (cold start), if not cached. */
  async warmUp(issuer: string): Promise<void> {
    await this.cache.get(issuer);
  }

  /**
   * The key for this header from a key set within its max age, synchronously; undefined when
   * `find` has to decide (no fresh key set, or no such key in it).
   */
  findFresh(issuer: string, kid: string | undefined, alg: string): SigningKey | undefined {
    const entry = this.cache.fresh(issuer);
    return entry && select(entry.value, kid, alg);
  }

  /**
   * The key that should verify a token with this header.
   * @throws AuthError 401 `unknown_key`, or 503 when the IdP is down and nothing cached decides.
   */
  async find(issuer: string, kid: string | undefined, alg: string): Promise<SigningKey> {
    const entry = await this.cache.get(issuer);
    const found = select(entry.value, kid, alg);
    if (found) return found;
    const now = this.options.now();
    // An unknown kid may be a key rotated in since the last fetch: refetch, at most once per
    // cooldown, so that tokens with made-up kids cannot hammer the identity provider.
    if (now - entry.attemptedAt >= this.options.keysCooldown) {
      const refreshed = await this.cache.get(issuer, true);
      const again = select(refreshed.value, kid, alg);
      if (again) return again;
      if (refreshed.lastError !== undefined) throw this.unavailable(issuer);
    } else if (entry.lastError !== undefined) {
      throw this.unavailable(issuer);
    }
    throw invalidToken('unknown_key', 'The access token is signed with an unknown key');
  }

  private unavailable(issuer: string): Error {
    return idpUnavailable(this.cache.retryAfter(issuer));
  }

  /** Cached key-set state for health checks, without fetching. */
  state(issuer: string): {
    kids: readonly string[];
    fetchedAt: number | undefined;
    fresh: boolean;
    coolingDown: boolean;
    lastError: string | undefined;
  } {
    const entry = this.cache.peek(issuer);
    return {
      kids: entry ? [...entry.value.byKid.keys()] : [],
      fetchedAt: entry?.fetchedAt,
      fresh: this.cache.isFresh(issuer),
      coolingDown: this.cache.isCoolingDown(issuer),
      lastError: entry?.lastError,
    };
  }
}

function select(set: KeySet, kid: string | undefined, alg: string): SigningKey | undefined {
  if (kid !== undefined) {
    const key = set.byKid.get(kid);
    return key && keyFitsAlgorithm(key.jwk, alg) ? key : undefined;
  }
  // No kid (very old Keycloak, some other providers): only an unambiguous key will do.
  const fitting = set.keys.filter((key) => keyFitsAlgorithm(key.jwk, alg));
  return fitting.length === 1 ? fitting[0] : undefined;
}
