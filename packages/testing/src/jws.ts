/**
 * Compact JWS with Keycloak's exact header bytes. `jose` serializes headers itself, so the
 * signing input is built here and signed with Web Crypto; encoding uses `jose`'s base64url.
 *
 * @module
 */
import { b64url, utf8 } from './encoding.js';
import type { SigningAlg } from './key-material.js';

/** Every `alg` the fixture can put in a header. */
export type JwsAlg = SigningAlg | 'HS256' | 'HS512' | 'none';

/**
 * Serializes a JOSE header the way Keycloak's `JWSBuilder` does:
 * `{"alg":"RS256","typ" : "JWT","kid" : "…"}`, spaces included. `extra` members follow in plain
 * JSON (Keycloak never writes any; adversarial tokens do).
 *
 * @example
 * ```ts
 * keycloakHeader('RS256', 'JWT', kid); // '{"alg":"RS256","typ" : "JWT","kid" : "…"}'
 * ```
 */
export function keycloakHeader(
  alg: string,
  typ?: string,
  kid?: string,
  extra: Record<string, unknown> = {},
): string {
  let text = `{"alg":${JSON.stringify(alg)}`;
  if (typ !== undefined) text += `,"typ" : ${JSON.stringify(typ)}`;
  if (kid !== undefined) text += `,"kid" : ${JSON.stringify(kid)}`;
  for (const [name, value] of Object.entries(extra))
    text += `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
  return `${text}}`;
}

function webCryptoParams(alg: JwsAlg): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  switch (alg) {
    case 'RS256':
      return 'RSASSA-PKCS1-v1_5';
    case 'PS256':
      return { name: 'RSA-PSS', saltLength: 32 };
    case 'ES256':
      // Web Crypto returns the IEEE P1363 r||s form JWS wants.
      return { name: 'ECDSA', hash: 'SHA-256' };
    case 'EdDSA':
      return 'Ed25519';
    default:
      return 'HMAC';
  }
}

/** A signing key: a CryptoKey for asymmetric algs, raw secret bytes for HMAC, nothing for `none`. */
export type SignKey = CryptoKey | Uint8Array<ArrayBuffer> | null;

async function signature(
  alg: JwsAlg,
  key: SignKey,
  input: Uint8Array<ArrayBuffer>,
): Promise<string> {
  if (alg === 'none') return '';
  if (key === null) throw new TypeError(`alg ${alg} needs a key`);
  let cryptoKey: CryptoKey;
  if (key instanceof Uint8Array) {
    if (alg !== 'HS256' && alg !== 'HS512')
      throw new TypeError(`raw secrets only sign HS256/HS512, not ${alg}`);
    cryptoKey = await crypto.subtle.importKey(
      'raw',
      key,
      { name: 'HMAC', hash: alg === 'HS256' ? 'SHA-256' : 'SHA-512' },
      false,
      ['sign'],
    );
  } else {
    cryptoKey = key;
  }
  return b64url(new Uint8Array(await crypto.subtle.sign(webCryptoParams(alg), cryptoKey, input)));
}

/**
 * Signs exact header and payload text into a compact JWS.
 *
 * @example
 * ```ts
 * const jwt = await signCompact(keycloakHeader('RS256', 'JWT', kid), JSON.stringify(claims), 'RS256', key);
 * ```
 */
export async function signCompact(
  headerText: string,
  payloadText: string,
  alg: JwsAlg,
  key: SignKey,
): Promise<string> {
  const input = `${b64url(headerText)}.${b64url(payloadText)}`;
  return `${input}.${await signature(alg, key, utf8(input))}`;
}

/**
 * Serializes claims like Jackson does for Keycloak tokens: insertion order, `undefined` dropped.
 *
 * @example
 * ```ts
 * serializeClaims({ exp: 1, iat: 0, aud: undefined }); // '{"exp":1,"iat":0}'
 * ```
 */
export function serializeClaims(claims: Record<string, unknown>): string {
  return JSON.stringify(claims);
}
