/**
 * DPoP (RFC 9449) on the client side, for tests: a proof key and the proofs a client signs with
 * it. Users' own tests need them to call a DPoP-protected API; the test realm's token endpoint
 * verifies them (`dpop-token-endpoint.ts`). Web APIs and jose only.
 *
 * @example
 * ```ts
 * const key = await generateDpopKey();
 * const token = await realm.accessToken({ user: 'alice', dpopJkt: key.jkt });
 * const proof = await createDpopProof(key, { method: 'GET', url: 'https://api.test/orders', accessToken: token });
 * await fetch('https://api.test/orders', { headers: { authorization: `DPoP ${token}`, dpop: proof } });
 * ```
 * @module
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { b64url, digest, utf8, uuid } from './encoding.js';

/** Algorithms a test proof key can have. */
export type DpopAlg = 'ES256' | 'ES384' | 'PS256' | 'RS256' | 'EdDSA';

/** A client's DPoP key pair: what signs proofs, and the public JWK and thumbprint tokens bind. */
export interface DpopKey {
  readonly alg: DpopAlg;
  readonly privateKey: CryptoKey;
  /** The public JWK the proof header carries (`jwk`). */
  readonly publicJwk: JWK;
  /** The private JWK (for adversarial proofs that leak it into the header). */
  readonly privateJwk: JWK;
  /** RFC 7638 SHA-256 thumbprint of the public key: the token's `cnf.jkt`. */
  readonly jkt: string;
}

/**
 * Generates a DPoP proof key (extractable, so that tests can also leak its private members).
 *
 * @example
 * ```ts
 * const key = await generateDpopKey('ES256');
 * key.jkt; // 43 base64url characters
 * ```
 */
export async function generateDpopKey(alg: DpopAlg = 'ES256'): Promise<DpopKey> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk: Record<string, unknown> = { ...privateJwk };
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) delete publicJwk[member];
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { alg, privateKey, publicJwk, privateJwk, jkt };
}

/** What a proof says about the request it is made for. */
export interface DpopProofOptions {
  /** `htm`: the HTTP method of the request. */
  method: string;
  /** `htu`: the request URL (any query or fragment is left out, as RFC 9449 §4.2 says). */
  url: string;
  /** The access token sent with the proof: adds `ath` = base64url(SHA-256(token)). */
  accessToken?: string;
  /** A server nonce (`DPoP-Nonce`). */
  nonce?: string;
  /** `iat` in epoch seconds; default from `now`. */
  iat?: number;
  /** The clock, epoch ms, for the default `iat`. Default `Date.now`. */
  now?: () => number;
  /** Default a random UUID. */
  jti?: string;
  /** Merged into the claims last; `undefined` deletes a claim (for adversarial proofs). */
  claims?: Record<string, unknown>;
  /** Merged into the protected header last; `undefined` deletes a member. */
  header?: Record<string, unknown>;
}

/** `htu` without query and fragment. */
function htuOf(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/**
 * base64url(SHA-256(accessToken)): the `ath` of a proof.
 *
 * @example
 * ```ts
 * const ath = await accessTokenHash(token);
 * ```
 */
export async function accessTokenHash(accessToken: string): Promise<string> {
  return b64url(await digest('SHA-256', utf8(accessToken)));
}

function merge(
  target: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete target[name];
    else target[name] = value;
  }
  return target;
}

/**
 * Signs a DPoP proof JWT: header `typ: dpop+jwt`, `alg`, `jwk`; claims `jti`, `htm`, `htu`,
 * `iat`, and `ath` / `nonce` when given.
 *
 * @example
 * ```ts
 * const proof = await createDpopProof(key, { method: 'POST', url: realm.tokenEndpoint });
 * ```
 */
export async function createDpopProof(key: DpopKey, options: DpopProofOptions): Promise<string> {
  const iat = options.iat ?? Math.floor((options.now ?? Date.now)() / 1000);
  const claims: Record<string, unknown> = {
    jti: options.jti ?? uuid(),
    htm: options.method,
    htu: htuOf(options.url),
    iat,
  };
  if (options.accessToken !== undefined) claims.ath = await accessTokenHash(options.accessToken);
  if (options.nonce !== undefined) claims.nonce = options.nonce;
  merge(claims, options.claims);
  const header = merge({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk }, options.header);
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}
