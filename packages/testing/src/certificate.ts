/**
 * The self-signed X.509 v1 certificate Keycloak publishes in `x5c` for RSA keys
 * (`CertificateUtils.generateV1SelfSignedCertificate`): no extensions, sha256WithRSAEncryption,
 * subject = issuer = `CN=<realm>`, serial = creation time in epoch ms,
 * notBefore = creation − 100 s, notAfter = creation + 10 years.
 *
 * @module
 */
import { bitString, integer, nul, oid, sequence, set, time, utf8String } from './der.js';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';

/** Inputs of {@link selfSignedV1Certificate}. */
export interface CertificateInput {
  /** `CN` of subject and issuer (Keycloak uses the realm name). */
  commonName: string;
  /** Key creation time, epoch ms: the serial number and the validity anchor. */
  createdAt: number;
  /** DER SubjectPublicKeyInfo of the key being certified. */
  spki: Uint8Array;
  /** The matching private key, imported for RSASSA-PKCS1-v1_5 with SHA-256. */
  signingKey: CryptoKey;
}

/** `createdAt` plus ten calendar years; Feb 29 clamps to Feb 28 as `java.util.Calendar` does. */
function tenYearsLater(createdAt: number): Date {
  const date = new Date(createdAt);
  const month = date.getUTCMonth();
  date.setUTCFullYear(date.getUTCFullYear() + 10);
  if (date.getUTCMonth() !== month) date.setUTCDate(0);
  return date;
}

/**
 * Builds the DER bytes of a Keycloak-style self-signed v1 certificate.
 *
 * @example
 * ```ts
 * const der = await selfSignedV1Certificate({ commonName: 'acme', createdAt: Date.now(), spki, signingKey });
 * const x5c = [base64.encode(der)];
 * ```
 */
export async function selfSignedV1Certificate(
  input: CertificateInput,
): Promise<Uint8Array<ArrayBuffer>> {
  const name = sequence(set(sequence(oid(COMMON_NAME), utf8String(input.commonName))));
  const algorithm = sequence(oid(SHA256_WITH_RSA), nul());
  const tbs = sequence(
    integer(BigInt(input.createdAt)),
    algorithm,
    name,
    sequence(time(new Date(input.createdAt - 100_000)), time(tenYearsLater(input.createdAt))),
    name,
    input.spki,
  );
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', input.signingKey, tbs);
  return sequence(tbs, algorithm, bitString(new Uint8Array(signature)));
}
