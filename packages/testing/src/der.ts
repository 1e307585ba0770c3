/**
 * A tiny DER encoder: just enough ASN.1 to write the X.509 v1 certificate Keycloak puts in `x5c`.
 * Not a JOSE operation, so it lives here rather than in `jose`.
 *
 * Kept for Keycloak fidelity: Keycloak's JWKS publishes every RSA key with `x5c` (a self-signed
 * certificate, `CN=<realm>`), `x5t` and `x5t#S256` (research/keycloak-wire-formats-and-anchors.md
 * §1.2, and the real JWKS in `test-fixtures/real-keycloak-vectors`), and code that users test
 * against the realm reads them: jwks-rsa builds its PEM from `x5c[0]` when present (the bench's
 * express-jwt and koa-jwt peers), and the realm's own tests check the member order and
 * thumbprints against a real Keycloak key. Web Crypto and jose can sign, but neither writes a
 * certificate; these ~100 lines keep `@realmguard/testing` free of an X.509 dependency and of
 * `node:` imports (it runs in edge runtimes too).
 *
 * @example
 * ```ts
 * const name = sequence(set(sequence(oid('2.5.4.3'), utf8String('acme'))));
 * ```
 * @module
 */

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Encodes one tag-length-value element. */
export function tlv(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat(Uint8Array.of(tag), encodeLength(content.length), content);
}

/** `SEQUENCE { ...items }` */
export function sequence(...items: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return tlv(0x30, concat(...items));
}

/** `SET { ...items }` (callers pass items already in DER order). */
export function set(...items: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return tlv(0x31, concat(...items));
}

/** A non-negative `INTEGER`, minimal two's-complement encoding. */
export function integer(value: bigint): Uint8Array<ArrayBuffer> {
  if (value < 0n) throw new RangeError('only non-negative integers are supported');
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length === 0 || (bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

/** An `OBJECT IDENTIFIER` from its dotted form. */
export function oid(dotted: string): Uint8Array<ArrayBuffer> {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let a = Math.floor(arc / 128); a > 0; a = Math.floor(a / 128))
      chunk.unshift(0x80 | (a & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

/** `NULL` */
export function nul(): Uint8Array<ArrayBuffer> {
  return Uint8Array.of(0x05, 0x00);
}

/** `UTF8String` */
export function utf8String(text: string): Uint8Array<ArrayBuffer> {
  return tlv(0x0c, new TextEncoder().encode(text));
}

/** `BIT STRING` with no unused bits. */
export function bitString(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return tlv(0x03, concat(Uint8Array.of(0), bytes));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** X.509 `Time`: `UTCTime` before 2050, `GeneralizedTime` from 2050 (RFC 5280 §4.1.2.5). */
export function time(date: Date): Uint8Array<ArrayBuffer> {
  const year = date.getUTCFullYear();
  const rest =
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  const encoder = new TextEncoder();
  return year < 2050
    ? tlv(0x17, encoder.encode(pad(year % 100) + rest))
    : tlv(0x18, encoder.encode(pad(year, 4) + rest));
}
