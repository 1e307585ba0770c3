import { base64url } from 'jose';

/**
 * How a token (or anything derived from one) is named in a shared store: base64url(SHA-256) of
 * its UTF-8 bytes, with Web Crypto. No shared-store key or value ever holds a raw token.
 */

const encoder = new TextEncoder();

/**
 * base64url(SHA-256(value)): 43 characters.
 *
 * @example
 * ```ts
 * await tokenHash('abc'); // 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'
 * ```
 */
export async function tokenHash(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(value));
  return base64url.encode(new Uint8Array(digest));
}

/**
 * The hash of several parts joined by a newline (which no part may contain unescaped meaning
 * for): e.g. the introspecting client, the issuer and the token, so that two APIs sharing a
 * store never read each other's answers.
 *
 * @example
 * ```ts
 * await partsHash(['orders-api', issuer, token]);
 * ```
 */
export function partsHash(parts: readonly string[]): Promise<string> {
  return tokenHash(
    parts.map((part) => part.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')).join('\n'),
  );
}
