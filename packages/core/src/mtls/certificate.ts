/**
 * The client certificate of a request for certificate-bound tokens (RFC 8705 §3): from the TLS
 * connection (the Node adapters read it; core never touches a socket), or from the header a
 * TLS-terminating proxy sets. nginx: `proxy_set_header ssl-client-cert $ssl_client_escaped_cert`
 * (URL-encoded PEM). Envoy: `x-forwarded-client-cert` (`By=…;Hash=…;Cert="<URL-encoded PEM>"`,
 * one element per proxy: the last one is the element the proxy next to this server wrote).
 * The thumbprint is base64url(SHA-256(DER)), with Web Crypto.
 */
import { base64url } from 'jose';
import type { HeaderBag } from '../bearer.js';
import { headerValue } from '../dpop/headers.js';
import type { CertificateHeader } from '../dpop/options.js';

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/** The DER bytes of the first certificate of a PEM text, or undefined. */
export function pemToDer(pem: string): Uint8Array | undefined {
  const body = PEM.exec(pem)?.[1]?.replace(/\s+/g, '');
  if (!body) return undefined;
  try {
    return base64url.decode(body.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  } catch {
    return undefined;
  }
}

function decodeUri(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted) i++;
    else if (char === '"') quoted = !quoted;
    else if (char === sep && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The `Cert` of the last element of an Envoy `x-forwarded-client-cert` value. */
function envoyCertificate(value: string): Uint8Array | undefined {
  const element = splitOutsideQuotes(value, ',').at(-1) ?? '';
  for (const pair of splitOutsideQuotes(element, ';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim().toLowerCase() !== 'cert') continue;
    const raw = pair.slice(at + 1).trim();
    const text = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    const pem = decodeUri(text);
    return pem === undefined ? undefined : pemToDer(pem);
  }
  return undefined;
}

/**
 * The DER certificate a trusted proxy put in `header`, or undefined when the header is absent
 * or unreadable.
 *
 * @example
 * ```ts
 * const der = certificateFromHeader(request.headers, { name: 'ssl-client-cert', format: 'nginx' });
 * ```
 */
export function certificateFromHeader(
  headers: HeaderBag,
  header: CertificateHeader,
): Uint8Array | undefined {
  const value = headerValue(headers, header.name);
  if (value === undefined || value.trim() === '') return undefined;
  if (header.format === 'envoy') return envoyCertificate(value);
  const pem = decodeUri(value.trim());
  return pem === undefined ? undefined : pemToDer(pem);
}

/**
 * base64url(SHA-256(DER)): the RFC 8705 `x5t#S256` of a certificate.
 *
 * @example
 * ```ts
 * if ((await certificateThumbprint(der)) !== principal.confirmation?.['x5t#S256']) refuse();
 * ```
 */
export async function certificateThumbprint(der: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', Uint8Array.from(der));
  return base64url.encode(new Uint8Array(digest));
}
