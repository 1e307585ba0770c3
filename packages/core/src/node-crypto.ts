import { runtimeBuiltin } from './runtime-builtin.js';
import type { JWK } from 'jose';

/**
 * The Node.js verification path. Web Crypto's `crypto.subtle.verify` costs Node about twice the
 * CPU of a synchronous `node:crypto` `verify` with a KeyObject (a promise, a thread-pool hop and a
 * copy per call), so where `node:crypto` exists (Node, Bun, Deno) signatures are checked with it.
 * It is reached through `process.getBuiltinModule` rather than an import, so core keeps no
 * `node:` imports and edge runtimes without it use the Web Crypto path unchanged.
 */

/** Checks a signature over the signing input (`header.payload` as bytes). */
export type SignatureCheck = (data: Uint8Array, signature: Uint8Array) => boolean;

/** A signature check with the size of the key Node actually imported. */
export interface NodeSignatureCheck {
  readonly verify: SignatureCheck;
  /**
   * RSA modulus length in bits of the imported key (`asymmetricKeyDetails.modulusLength`),
   * undefined for other key types or when Node does not report it.
   */
  readonly modulusBits: number | undefined;
}

interface NodeKeyObject {
  readonly type: string;
  readonly asymmetricKeyDetails?: { readonly modulusLength?: number };
}

interface NodeCrypto {
  createPublicKey(input: { key: JWK; format: 'jwk' }): NodeKeyObject;
  verify(
    algorithm: string | null,
    data: Uint8Array,
    key:
      | NodeKeyObject
      | { key: NodeKeyObject; padding?: number; saltLength?: number; dsaEncoding?: string },
    signature: Uint8Array,
  ): boolean;
  readonly constants: { readonly RSA_PKCS1_PSS_PADDING: number };
}

interface NodeBuffer {
  from(input: string, encoding: 'base64url'): Uint8Array;
}

const nodeCrypto = ((): NodeCrypto | undefined => {
  const mod = runtimeBuiltin<NodeCrypto>('node:crypto');
  return typeof mod?.verify === 'function' && typeof mod.createPublicKey === 'function'
    ? mod
    : undefined;
})();

const NodeBufferClass = runtimeBuiltin<{ Buffer?: NodeBuffer }>('node:buffer')?.Buffer;

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
/** JWK members that only private (or symmetric) keys have. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The size Node measured on the key it imported (RSA only). */
function check(key: NodeKeyObject, verify: SignatureCheck): NodeSignatureCheck {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return { verify, modulusBits: typeof bits === 'number' ? bits : undefined };
}

/**
 * A synchronous signature check for `alg` with this public JWK, or undefined when `node:crypto`
 * is not available, the algorithm is not one it handles here, or the JWK has private members
 * (key sets are parsed into public members only, so that never happens from a JWKS).
 * @throws when `node:crypto` rejects the JWK (the caller treats it like a failed import)
 */
export function nodeSignatureCheck(jwk: JWK, alg: string): NodeSignatureCheck | undefined {
  if (!nodeCrypto || PRIVATE_MEMBERS.some((member) => jwk[member] !== undefined)) return undefined;
  const crypto = nodeCrypto;
  const family = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  if ((family === 'RS' || family === 'PS' || family === 'ES') && hash) {
    const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    if (key.type !== 'public') return undefined;
    if (family === 'RS') {
      return check(key, (data, signature) => crypto.verify(hash, data, key, signature));
    }
    const params =
      family === 'PS'
        ? {
            key,
            padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
            saltLength: Number(alg.slice(2)) / 8,
          }
        : { key, dsaEncoding: 'ieee-p1363' };
    return check(key, (data, signature) => crypto.verify(hash, data, params, signature));
  }
  if (alg === 'EdDSA' || alg === 'Ed25519') {
    const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    if (key.type !== 'public') return undefined;
    return check(key, (data, signature) => crypto.verify(null, data, key, signature));
  }
  return undefined;
}

/**
 * Decodes base64url text whose alphabet the caller has already checked, or undefined when the
 * length cannot be base64url (the same inputs jose's decoder refuses).
 */
export const decodeBase64url: ((text: string) => Uint8Array | undefined) | undefined =
  NodeBufferClass
    ? (text) => (text.length % 4 === 1 ? undefined : NodeBufferClass.from(text, 'base64url'))
    : undefined;
