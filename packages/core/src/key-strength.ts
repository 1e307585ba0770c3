import type { AuthError } from './errors.js';
import { invalidToken } from './errors.js';
import type { SigningKey } from './key-set.js';

/**
 * The weak-key rule: an RSA key verifies only when the key actually imported (Node's KeyObject
 * or the Web Crypto CryptoKey) measures at least 2048 bits. The size is never read from the
 * JWKS text: a padded or standard-base64 `n` that jose cannot decode still imports, so only the
 * imported key tells the truth. A key whose size cannot be measured is refused.
 */

/** Smallest RSA modulus accepted, in bits (NIST SP 800-131A; jose's own minimum). */
export const MIN_RSA_BITS = 2048;

/** Whether `alg` is an RSA signature algorithm (RSASSA-PKCS1-v1_5 or RSASSA-PSS). */
export function isRsaAlgorithm(alg: string): boolean {
  return alg.startsWith('RS') || alg.startsWith('PS');
}

/**
 * The modulus length of an imported Web Crypto RSA key (`algorithm.modulusLength`); undefined
 * for anything else.
 *
 * @example
 * ```ts
 * cryptoKeyModulusBits(await importJWK(jwk, 'RS256')); // 2048
 * ```
 */
export function cryptoKeyModulusBits(key: CryptoKey | Uint8Array): number | undefined {
  if (key instanceof Uint8Array) return undefined;
  const bits = (key.algorithm as { modulusLength?: unknown } | undefined)?.modulusLength;
  return typeof bits === 'number' ? bits : undefined;
}

function weakKeyError(issuer: string, key: SigningKey, bits: number | undefined): AuthError {
  const kid = key.kid ?? 'none';
  const rotate =
    'Rotate the realm key in the Keycloak admin console: Realm settings → Keys → Providers → ' +
    'Add provider → rsa-generated, Key size 2048 (or larger), with a higher priority than the ' +
    'current key. Once new tokens carry the new kid, make the old provider passive, and delete ' +
    'it after the longest token lifetime has passed.';
  if (bits === undefined) {
    return invalidToken('weak_key', {
      reason: 'unmeasurable_key',
      hint:
        `The issuer ${issuer} publishes an RSA key (kid ${kid}) whose size cannot be ` +
        `measured once imported, so it is refused. ${rotate}`,
    });
  }
  return invalidToken(
    'weak_key',
    `The access token is signed with a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`,
    {
      reason: 'small_key',
      hint:
        `The issuer ${issuer} signs with a ${bits}-bit RSA key (kid ${kid}), which is too small ` +
        `to trust. ${rotate}`,
    },
  );
}

/**
 * Refuses an RSA key below {@link MIN_RSA_BITS}, or whose imported size is unknown.
 * @throws AuthError 401 `weak_key` (with an operator hint naming the rotation steps)
 */
export function assertStrongKey(
  issuer: string,
  key: SigningKey,
  alg: string,
  importedBits: number | undefined,
): void {
  if (!isRsaAlgorithm(alg)) return;
  if (importedBits === undefined || importedBits < MIN_RSA_BITS) {
    throw weakKeyError(issuer, key, importedBits);
  }
}
