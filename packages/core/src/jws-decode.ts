import { base64url, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { joseJsonProblem } from './duplicate-members.js';
import { invalidToken } from './errors.js';
import { decodeBase64url } from './node-crypto.js';

/**
 * Splitting and decoding a compact JWS once, with jose's rules (strict UTF-8, plain JSON
 * objects) plus the refusal of repeated member names and of nesting deeper than
 * `MAX_JSON_DEPTH` (64 levels). Nothing here is trusted until the signature over these very
 * bytes verifies. JSON.parse makes every member (`__proto__` included) an own data property
 * and never sets a prototype, and the parsed objects are handed on without merging copies.
 */

const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Whether the string has the shape of a JWS compact serialization (cheap, no decoding). */
export function looksLikeJws(token: string): boolean {
  return JWS_COMPACT.test(token);
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Base64url text (alphabet already checked) to bytes; undefined when it cannot be base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (decodeBase64url) return decodeBase64url(text);
  try {
    return base64url.decode(text);
  } catch {
    return undefined;
  }
}

/** A plain JSON object, as jose requires of a JOSE header and a JWT claims set. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Decodes one base64url JSON-object segment (jose's rules: strict UTF-8, a plain object). */
function decodeSegment(text: string): Record<string, unknown> | undefined {
  const bytes = fromBase64url(text);
  if (!bytes) return undefined;
  let json: string;
  let parsed: unknown;
  try {
    json = strictDecoder.decode(bytes);
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed)) return undefined;
  // A repeated member name (two "iss", two "alg") is refused: parsers disagree on the winner.
  // So is nesting deeper than MAX_JSON_DEPTH: nothing downstream walks untrusted claims deeper.
  return joseJsonProblem(json, parsed) === undefined ? parsed : undefined;
}

export interface DecodedJws {
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
  /** Index of the dot before the signature. */
  signatureAt: number;
}

/** Splits and decodes a compact JWS once (what jose's two decoders and its verifier each did). */
export function decodeJws(token: string): DecodedJws {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  const third = second < 0 ? -1 : token.indexOf('.', second + 1);
  if (third >= 0) {
    const fourth = token.indexOf('.', third + 1);
    if (fourth >= 0 && token.indexOf('.', fourth + 1) < 0) {
      throw invalidToken('unsupported_token_format');
    }
  }
  if (!looksLikeJws(token)) throw invalidToken('malformed_token', { reason: 'not_jws' });
  const header = decodeSegment(token.slice(0, first));
  const payload = header && decodeSegment(token.slice(first + 1, second));
  if (!header || !payload) throw invalidToken('malformed_token', { reason: 'not_jws' });
  return {
    header: header,
    payload: payload,
    signatureAt: second,
  };
}
