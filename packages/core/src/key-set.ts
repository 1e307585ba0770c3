import type { JWK } from 'jose';
import { IdpFetchError } from './http.js';
import type { NodeSignatureCheck } from './node-crypto.js';

/**
 * Parsing a JWKS document (untrusted JSON) into the signing keys realmguard verifies with.
 * Each key is rebuilt from its own public members only (`Object.hasOwn`, a fixed list per key
 * type), so nothing is inherited, no `__proto__` member is copied, and private members a
 * misconfigured identity provider publishes (`d`, `p`, `q`, …) never reach a key import.
 */

/** A published signing key, with its imported CryptoKeys cached per algorithm. */
export interface SigningKey {
  readonly kid: string | undefined;
  /** The public members only. */
  readonly jwk: JWK;
  readonly imported: Map<string, Promise<CryptoKey | Uint8Array>>;
  /** Node's synchronous signature checks per algorithm (undefined: use Web Crypto). */
  readonly checks: Map<string, NodeSignatureCheck | undefined>;
}

/** One issuer's signing keys as last fetched. */
export interface KeySet {
  readonly keys: readonly SigningKey[];
  readonly byKid: ReadonlyMap<string, SigningKey>;
}

/** A signing key the JWKS published together with private members (names only, never values). */
export interface PrivateMaterial {
  readonly kid: string | undefined;
  readonly members: readonly string[];
}

/** What a JWKS document holds: the key set, and keys published with their private members. */
export interface ParsedKeySet {
  readonly set: KeySet;
  readonly privateMaterial: readonly PrivateMaterial[];
}

const CURVE_OF_ALG: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/**
 * Whether `jwk` may verify a signature made with `alg` (RFC 7517 `use`/`key_ops`, kty, crv).
 *
 * @example
 * ```ts
 * keyFitsAlgorithm({ kty: 'RSA', n, e: 'AQAB' }, 'RS256'); // true
 * ```
 */
export function keyFitsAlgorithm(jwk: JWK, alg: string): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (alg.startsWith('RS') || alg.startsWith('PS')) return jwk.kty === 'RSA';
  if (alg.startsWith('ES')) return jwk.kty === 'EC' && jwk.crv === CURVE_OF_ALG[alg];
  if (alg === 'EdDSA' || alg === 'Ed25519') return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
  return false;
}

/** RFC 7517/7518 members common to every key that matter for verification. */
const COMMON_MEMBERS = ['kty', 'kid', 'use', 'key_ops', 'alg'] as const;
/** RFC 7518 §6: the public members of each asymmetric key type. */
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
};
/** RFC 7518 §6.2.2, §6.3.2, §6.4.1 and RFC 8037: members only private or secret keys have. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The key's public members, copied one by one from its own properties. */
function publicJwkOf(candidate: object, kty: string): JWK {
  const source = candidate as Record<string, unknown>;
  const jwk: Record<string, unknown> = {};
  for (const name of [...COMMON_MEMBERS, ...(PUBLIC_MEMBERS[kty] ?? [])]) {
    if (Object.hasOwn(source, name)) jwk[name] = source[name];
  }
  return jwk;
}

function isSigningKey(jwk: JWK): boolean {
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false;
  return jwk.kty === 'RSA' || jwk.kty === 'EC' || jwk.kty === 'OKP';
}

/**
 * Parses a JWKS document into signing keys (public members only), skipping `enc` keys and
 * anything malformed, and lists the signing keys that came with private members.
 *
 * @example
 * ```ts
 * const { set, privateMaterial } = parseKeySet(await response.json());
 * ```
 */
export function parseKeySet(json: Record<string, unknown>): ParsedKeySet {
  const list = Object.hasOwn(json, 'keys') ? json.keys : undefined;
  if (!Array.isArray(list)) throw new IdpFetchError('invalid_response', 'JWKS has no "keys" array');
  const keys: SigningKey[] = [];
  const byKid = new Map<string, SigningKey>();
  const privateMaterial: PrivateMaterial[] = [];
  for (const candidate of list as unknown[]) {
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) continue;
    const kty = Object.hasOwn(candidate, 'kty') ? (candidate as { kty?: unknown }).kty : undefined;
    if (typeof kty !== 'string') continue;
    const jwk = publicJwkOf(candidate, kty);
    const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
    // Reported for every key (an `enc` key's or a secret `k` leaks as badly), never copied.
    const members = PRIVATE_MEMBERS.filter((name) => Object.hasOwn(candidate, name));
    if (members.length > 0) privateMaterial.push({ kid, members });
    if (!isSigningKey(jwk)) continue;
    const key: SigningKey = { kid, jwk, imported: new Map(), checks: new Map() };
    keys.push(key);
    if (kid !== undefined && !byKid.has(kid)) byKid.set(kid, key);
  }
  return { set: { keys, byKid }, privateMaterial };
}
