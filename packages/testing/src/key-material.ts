/**
 * Turns a private JWK into everything a realm key needs: the signing CryptoKey, the Keycloak
 * `kid` (base64url SHA-256 of the SPKI DER), and the published JWK with `x5c`/`x5t`/`x5t#S256`
 * for RSA keys, members in Keycloak's order.
 *
 * @module
 */
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import type { JWK } from 'jose';
import { selfSignedV1Certificate } from './certificate.js';
import { b64, b64url, digest } from './encoding.js';

/** Signature algorithms a realm key can have. */
export type SigningAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
/** Every asymmetric key algorithm a realm can hold (`RSA-OAEP` is the `enc` key). */
export type KeyAlg = SigningAlg | 'RSA-OAEP';

/** The parts of a realm key computed from its private JWK. */
export interface KeyMaterial {
  kid: string;
  /** Private key for signing tokens (RSA keys: imported for the key's own alg). */
  signingKey: CryptoKey;
  /** The JWK the certs endpoint publishes. */
  publicJwk: JWK;
  /** The private JWK, as given or generated. */
  privateJwk: JWK;
}

const PUBLIC_MEMBERS = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
};
const PRIVATE_MEMBERS = {
  RSA: [...PUBLIC_MEMBERS.RSA, 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: [...PUBLIC_MEMBERS.EC, 'd'],
  OKP: [...PUBLIC_MEMBERS.OKP, 'd'],
};

function pick(jwk: JWK, members: string[]): JWK {
  const source = jwk as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const m of members) if (source[m] !== undefined) out[m] = source[m];
  return out;
}

function keyType(alg: KeyAlg): 'RSA' | 'EC' | 'OKP' {
  if (alg === 'ES256') return 'EC';
  if (alg === 'EdDSA') return 'OKP';
  return 'RSA';
}

async function importAs(jwk: JWK, alg: string, extractable: boolean): Promise<CryptoKey> {
  const key = await importJWK(jwk, alg, { extractable });
  if (key instanceof Uint8Array) throw new TypeError('expected an asymmetric key');
  return key;
}

/**
 * Generates a private JWK for a realm key. RSA keys under 2048 bits (weak-key tests) come from
 * Web Crypto directly because `jose` refuses to generate them.
 *
 * @example
 * ```ts
 * const jwk = await generatePrivateJwk('ES256');
 * ```
 */
export async function generatePrivateJwk(alg: KeyAlg, modulusLength = 2048): Promise<JWK> {
  if (keyType(alg) === 'RSA' && modulusLength < 2048) {
    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength,
        publicExponent: Uint8Array.of(1, 0, 1),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    );
    return exportJWK(pair.privateKey);
  }
  const options =
    keyType(alg) === 'RSA' ? { extractable: true, modulusLength } : { extractable: true };
  const { privateKey } = await generateKeyPair(alg, options);
  return exportJWK(privateKey);
}

async function spkiAndKid(
  publicJwk: JWK,
  alg: string,
): Promise<{ kid: string; spki: Uint8Array<ArrayBuffer> }> {
  const publicKey = await importAs(publicJwk, alg, true);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  return { kid: b64url(await digest('SHA-256', spki)), spki };
}

/**
 * Keycloak's key id: base64url(SHA-256(DER SubjectPublicKeyInfo)), not the RFC 7638 thumbprint.
 *
 * @example
 * ```ts
 * await keycloakKid({ kty: 'RSA', n, e }); // '9cgFE7e849rMB0fxe2HEud-3noZz-dBPEpdcZHOLOwY' for vector 01
 * ```
 */
export async function keycloakKid(publicJwk: JWK): Promise<string> {
  const alg = publicJwk.kty === 'EC' ? 'ES256' : publicJwk.kty === 'OKP' ? 'EdDSA' : 'RS256';
  const kty = publicJwk.kty as 'RSA' | 'EC' | 'OKP';
  return (await spkiAndKid(pick(publicJwk, PUBLIC_MEMBERS[kty] ?? PUBLIC_MEMBERS.RSA), alg)).kid;
}

/**
 * Computes a realm key's kid, signing key and published JWK from its private JWK.
 *
 * @example
 * ```ts
 * const { kid, publicJwk } = await keyMaterial(jwk, 'RS256', 'sig', 'acme', Date.now());
 * ```
 */
export async function keyMaterial(
  privateJwk: JWK,
  alg: KeyAlg,
  use: 'sig' | 'enc',
  realmName: string,
  createdAt: number,
): Promise<KeyMaterial> {
  const kty = keyType(alg);
  if (privateJwk.kty !== kty)
    throw new TypeError(`a ${alg} key needs a ${kty} JWK, got ${String(privateJwk.kty)}`);
  const privateParts = pick(privateJwk, PRIVATE_MEMBERS[kty]);
  const publicParts = pick(privateJwk, PUBLIC_MEMBERS[kty]);
  const importAlg = alg === 'RSA-OAEP' ? 'RS256' : alg;
  const signingKey = await importAs(privateParts, importAlg, false);
  const { kid, spki } = await spkiAndKid(publicParts, importAlg);
  const head = { kid, kty, alg, use };
  let publicJwk: JWK;
  if (kty === 'RSA') {
    const certKey =
      importAlg === 'RS256' ? signingKey : await importAs(privateParts, 'RS256', false);
    const der = await selfSignedV1Certificate({
      commonName: realmName,
      createdAt,
      spki,
      signingKey: certKey,
    });
    publicJwk = {
      ...head,
      n: privateJwk.n,
      e: privateJwk.e,
      x5c: [b64(der)],
      x5t: b64url(await digest('SHA-1', der)),
      'x5t#S256': b64url(await digest('SHA-256', der)),
    };
  } else if (kty === 'EC') {
    publicJwk = { ...head, crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y };
  } else {
    publicJwk = { ...head, crv: privateJwk.crv, x: privateJwk.x };
  }
  return { kid, signingKey, publicJwk, privateJwk: privateParts };
}
