/**
 * Small Web-API helpers: base64 (standard and url-safe), UTF-8, digests and ids.
 *
 * @module
 */
import { base64url } from 'jose';

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** base64url without padding (JOSE style), via jose. */
export function b64url(input: Uint8Array | string): string {
  return base64url.encode(input);
}

/** Standard base64 with padding, as used in `x5c`. */
export function b64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** A digest of some bytes. */
export async function digest(
  algorithm: 'SHA-1' | 'SHA-256',
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, bytes));
}

/** A random v4 UUID (user ids, session ids, jti up to 26.1). */
export function uuid(): string {
  return crypto.randomUUID();
}

/**
 * A random UUID-shaped id whose version nibble is 1, like the raw part of Keycloak 26.2+ `jti`
 * values (`trrtcc:b6f28bba-4e8e-1c63-…`): deliberately not a v4 UUID.
 */
export function nonV4Id(): string {
  const id = crypto.randomUUID();
  return `${id.slice(0, 14)}1${id.slice(15)}`;
}

/** Random bytes. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}
