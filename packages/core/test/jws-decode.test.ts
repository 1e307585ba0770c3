import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../src/index.js';
import { decodeJws, fromBase64url, looksLikeJws } from '../src/jws-decode.js';

const segment = (json: string) => base64url.encode(json);
const jws = (header: string, payload: string, signature = 'c2ln') =>
  `${segment(header)}.${segment(payload)}.${signature}`;

function refusal(token: string): AuthError {
  try {
    decodeJws(token);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected decodeJws to refuse the token');
}

describe('decodeJws', () => {
  it('decodes header and payload once, and says where the signature starts', () => {
    const token = jws('{"alg":"RS256","typ" : "JWT","kid" : "k1"}', '{"sub":"1","exp":2}');
    const { header, payload, signatureAt } = decodeJws(token);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
    expect(payload).toEqual({ sub: '1', exp: 2 });
    expect(token.slice(signatureAt + 1)).toBe('c2ln');
  });

  it('refuses an encrypted (JWE, five-part) token as unsupported_token_format', () => {
    expect(refusal('a.b.c.d.e').code).toBe('unsupported_token_format');
  });

  it.each([
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['characters outside base64url', 'a+b.c.d'],
    ['an empty header', '.e30.sig'],
  ])('refuses %s as malformed (not_jws)', (_what, token) => {
    expect(refusal(token)).toMatchObject({ code: 'malformed_token', reason: 'not_jws' });
  });

  it.each([
    ['a header that is not JSON', jws('not json', '{}')],
    ['a payload that is an array', jws('{"alg":"RS256"}', '[]')],
    ['a member named twice', jws('{"alg":"RS256","alg":"none"}', '{}')],
    ['claims nested 65 deep', jws('{"alg":"RS256"}', `{"a":${'['.repeat(64)}${']'.repeat(64)}}`)],
    ['bytes that are not UTF-8', `${base64url.encode(new Uint8Array([0xff, 0xfe]))}.e30.sig`],
  ])('refuses %s as malformed', (_what, token) => {
    expect(refusal(token).code).toBe('malformed_token');
  });

  it('accepts claims nested 64 deep', () => {
    const token = jws('{"alg":"RS256"}', `{"a":${'['.repeat(63)}${']'.repeat(63)}}`);
    expect(() => decodeJws(token)).not.toThrow();
  });
});

describe('looksLikeJws and fromBase64url', () => {
  it('tell the shape of a compact JWS without decoding it', () => {
    expect(looksLikeJws('a.b.c')).toBe(true);
    expect(looksLikeJws('a.b.')).toBe(true);
    expect(looksLikeJws('opaque-token-0123456789')).toBe(false);
  });

  it('decodes base64url, and gives undefined for what is not', () => {
    expect(new TextDecoder().decode(fromBase64url('c2ln'))).toBe('sig');
    expect(fromBase64url('a')).toBeUndefined();
  });
});
