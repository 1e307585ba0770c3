/**
 * X.509 client certificates for mutual-TLS tests (RFC 8705 certificate-bound tokens), made with
 * Web Crypto and the realm's small DER encoder: a fresh RSA key and a self-signed v1
 * certificate, as PEM for a TLS client (or server) and as DER, with the `x5t#S256` thumbprint
 * that a certificate-bound token carries in `cnf`.
 *
 * @example
 * ```ts
 * const client = await createClientCertificate({ commonName: 'orders-web' });
 * const token = await realm.accessToken({ user: 'alice', certificateThumbprint: client.thumbprint });
 * https.request(url, { cert: client.certificatePem, key: client.privateKeyPem });
 * ```
 * @module
 */
import { selfSignedV1Certificate } from './certificate.js';
import { b64, b64url, digest } from './encoding.js';

/** A certificate and its private key. */
export interface ClientCertificate {
  /** DER bytes of the certificate. */
  readonly der: Uint8Array<ArrayBuffer>;
  /** `-----BEGIN CERTIFICATE-----` … */
  readonly certificatePem: string;
  /** PKCS #8 `-----BEGIN PRIVATE KEY-----` … */
  readonly privateKeyPem: string;
  /** base64url(SHA-256(DER)): the `cnf["x5t#S256"]` of a token bound to this certificate. */
  readonly thumbprint: string;
}

/** Options of {@link createClientCertificate}. */
export interface ClientCertificateOptions {
  /** Subject and issuer `CN`. Default `realmguard-test-client`. */
  commonName?: string;
  /** Validity anchor, epoch ms (valid from 100 s before, for ten years). Default now. */
  createdAt?: number;
}

/**
 * PEM armour: base64 in lines of 64 characters between BEGIN and END lines.
 *
 * @example
 * ```ts
 * toPem('CERTIFICATE', der); // '-----BEGIN CERTIFICATE-----\nMIIC…\n-----END CERTIFICATE-----\n'
 * ```
 */
export function toPem(label: string, der: Uint8Array): string {
  const lines = b64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * base64url(SHA-256(DER)) of a certificate: its RFC 8705 `x5t#S256` thumbprint.
 *
 * @example
 * ```ts
 * const x5t = await certificateThumbprint(der);
 * ```
 */
export async function certificateThumbprint(der: Uint8Array): Promise<string> {
  return b64url(await digest('SHA-256', Uint8Array.from(der)));
}

/**
 * A fresh RSA 2048 key and a self-signed certificate for it.
 *
 * @example
 * ```ts
 * const server = await createClientCertificate({ commonName: '127.0.0.1' });
 * https.createServer({ cert: server.certificatePem, key: server.privateKeyPem, requestCert: true });
 * ```
 */
export async function createClientCertificate(
  options: ClientCertificateOptions = {},
): Promise<ClientCertificate> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const der = await selfSignedV1Certificate({
    commonName: options.commonName ?? 'realmguard-test-client',
    createdAt: options.createdAt ?? Date.now(),
    spki,
    signingKey: pair.privateKey,
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return {
    der,
    certificatePem: toPem('CERTIFICATE', der),
    privateKeyPem: toPem('PRIVATE KEY', pkcs8),
    thumbprint: await certificateThumbprint(der),
  };
}
