import { compactVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { isAuthError } from './errors.js';
import { decodeJws } from './jws-decode.js';
import { cryptoKeyFor, type SigningKey } from './keys.js';
import type { VerifierInternals } from './verifier-internals.js';

/**
 * The JWS checks shared by the two revocation receivers (back-channel logout tokens and
 * Keycloak's not-before pushes): decoding, header rules, and a signature by one of the trusted
 * issuers' published keys, found by `kid` in the verifier's own key cache.
 */

/** A rejected revocation request: 400 with a generic description, or 503 when keys are unreachable. */
export class ReceiverError extends Error {
  override readonly name = 'ReceiverError';
  constructor(
    readonly description: string,
    readonly status: 400 | 503 = 400,
  ) {
    super(description);
  }
}

const HMAC_OR_NONE = /^(HS(256|384|512)|none)$/i;
const MIN_RSA_BITS = 2048;

/** The modulus length of an imported RSA key, as Web Crypto measured it (0 when unknown). */
function modulusBits(key: CryptoKey | Uint8Array): number {
  if (key instanceof Uint8Array) return 0;
  const bits = (key.algorithm as { modulusLength?: unknown }).modulusLength;
  return typeof bits === 'number' ? bits : 0;
}

/** Header and claims of a received JWS, decoded but not verified yet. */
export function decodeReceived(
  token: string,
  what: string,
  maxLength: number,
): { header: ProtectedHeaderParameters; payload: JWTPayload } {
  if (token.length === 0 || token.length > maxLength) {
    throw new ReceiverError(`The ${what} is missing or too large`);
  }
  if (token.split('.').length === 5)
    throw new ReceiverError(`An encrypted ${what} is not supported`);
  try {
    const { header, payload } = decodeJws(token);
    return { header, payload };
  } catch {
    throw new ReceiverError(`The ${what} is not a well-formed JWT`);
  }
}

/**
 * The `alg` of a received JWS after the header rules: an allowed asymmetric algorithm (the
 * issuer's published keys sign these, never a shared secret), no `crit`, and the explicit type
 * `typ` when one is required (compared as RFC 8725 says: case-insensitive, `application/`
 * optional).
 */
export function checkReceivedHeader(
  header: ProtectedHeaderParameters,
  internals: VerifierInternals,
  what: string,
  typ?: string,
): string {
  const { alg } = header;
  if (
    typeof alg !== 'string' ||
    HMAC_OR_NONE.test(alg) ||
    !internals.options.algorithms.includes(alg as never)
  ) {
    throw new ReceiverError(`The ${what} is signed with an algorithm that is not allowed`);
  }
  if (typ !== undefined) {
    const actual = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
    if (actual !== typ && actual !== `application/${typ}`) {
      throw new ReceiverError(`The ${what} header type is not "${typ}"`);
    }
  }
  if (header.crit !== undefined) {
    throw new ReceiverError(`The ${what} has unsupported critical header parameters`);
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw new ReceiverError(`The ${what} header has an invalid "kid"`);
  }
  return alg;
}

async function keyOf(
  internals: VerifierInternals,
  issuer: string,
  kid: string | undefined,
  alg: string,
): Promise<SigningKey | undefined> {
  try {
    return (
      internals.keys.findFresh(issuer, kid, alg) ?? (await internals.keys.find(issuer, kid, alg))
    );
  } catch (error) {
    if (isAuthError(error) && error.status === 503) {
      throw new ReceiverError('The identity provider keys cannot be fetched right now', 503);
    }
    return undefined;
  }
}

/**
 * Verifies the signature with the key `kid` of `issuer`, or of the first trusted issuer that
 * publishes it when `issuer` is undefined (Keycloak's admin actions carry no `iss`).
 * @returns the issuer whose key verified it.
 */
export async function verifyReceivedSignature(
  token: string,
  header: ProtectedHeaderParameters,
  alg: string,
  internals: VerifierInternals,
  what: string,
  issuer: string | undefined,
): Promise<string> {
  const candidates = issuer === undefined ? internals.options.issuers : [issuer];
  for (const candidate of candidates) {
    const key = await keyOf(internals, candidate, header.kid, alg);
    if (!key) continue;
    let imported: CryptoKey | Uint8Array;
    try {
      imported = await cryptoKeyFor(key, alg);
    } catch {
      throw new ReceiverError(`The ${what} is signed with a key that cannot be used`);
    }
    if (/^(RS|PS)/.test(alg) && !(modulusBits(imported) >= MIN_RSA_BITS)) {
      throw new ReceiverError(`The ${what} is signed with an RSA key that is too small`);
    }
    try {
      await compactVerify(token, imported, { algorithms: [alg] });
      return candidate;
    } catch {
      throw new ReceiverError(`The ${what} signature is invalid`);
    }
  }
  throw new ReceiverError(`The ${what} is signed with an unknown key`);
}
