import { looksLikeOpaqueToken } from '@realmguard/core';
import { base64url } from 'jose';

/** A JWS compact token split and decoded, without any verification. */
export interface DecodedJws {
  readonly kind: 'jws';
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Bytes of the signature (0 for `alg: none`). */
  readonly signatureBytes: number;
  /** Characters of the whole token. */
  readonly size: number;
}

/** What a token string turned out to be. */
export type TokenShape =
  | DecodedJws
  | { readonly kind: 'jwe'; readonly size: number }
  | { readonly kind: 'opaque'; readonly size: number }
  | { readonly kind: 'malformed'; readonly size: number; readonly reason: string };

const PART = /^[A-Za-z0-9_-]*$/;
const PART_NAMES = ['header', 'payload', 'signature'] as const;

/**
 * A token as users paste it: surrounding whitespace and quotes, and a leading `Bearer ` (the
 * whole Authorization header value), are removed.
 */
export function normalizeToken(raw: string): string {
  let token = raw.trim().replace(/^authorization:\s*/i, '');
  token = token.replace(/^bearer\s+/i, '').trim();
  if (/^(["']).*\1$/s.test(token)) token = token.slice(1, -1).trim();
  return token;
}

/** core's bound on the nesting of a JOSE header or claims set (deeper is `malformed_token`). */
const MAX_JSON_DEPTH = 64;

/** Deepest nesting of objects and arrays in JSON text, in one pass (no recursion). */
function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}

function decodePart(part: string, name: string): Record<string, unknown> | string {
  if (!PART.test(part) || part === '') return `its ${name} is not base64url`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part));
  } catch {
    return `its ${name} is not base64url-encoded UTF-8`;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `its ${name} is not JSON`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `its ${name} is not a JSON object`;
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    return `its ${name} nests deeper than ${MAX_JSON_DEPTH} levels`;
  }
  return value as Record<string, unknown>;
}

/** Splits and decodes a token without verifying anything. Never throws. */
export function inspectToken(token: string): TokenShape {
  const size = token.length;
  const parts = token.split('.');
  if (parts.length === 5) return { kind: 'jwe', size };
  if (parts.length === 1) {
    return looksLikeOpaqueToken(token)
      ? { kind: 'opaque', size }
      : { kind: 'malformed', size, reason: 'it is neither a JWT nor an opaque token' };
  }
  if (parts.length !== 3) {
    return {
      kind: 'malformed',
      size,
      reason: `it has ${parts.length} dot-separated parts; a signed JWT has 3 (header.payload.signature)`,
    };
  }
  const [rawHeader = '', rawPayload = '', rawSignature = ''] = parts;
  const header = decodePart(rawHeader, PART_NAMES[0]);
  if (typeof header === 'string') return { kind: 'malformed', size, reason: header };
  const payload = decodePart(rawPayload, PART_NAMES[1]);
  if (typeof payload === 'string') return { kind: 'malformed', size, reason: payload };
  if (!PART.test(rawSignature)) {
    return { kind: 'malformed', size, reason: 'its signature is not base64url' };
  }
  let signatureBytes = 0;
  try {
    signatureBytes = base64url.decode(rawSignature).length;
  } catch {
    return { kind: 'malformed', size, reason: 'its signature is not base64url' };
  }
  return { kind: 'jws', header, payload, signatureBytes, size };
}
