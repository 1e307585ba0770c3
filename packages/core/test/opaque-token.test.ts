import { describe, expect, it } from 'vitest';
import { looksLikeOpaqueToken, MIN_OPAQUE_LENGTH } from '../src/opaque-token.js';

describe('looksLikeOpaqueToken', () => {
  it('accepts a b64token of at least 16 characters (a Keycloak opaque handle, a reference token)', () => {
    expect(looksLikeOpaqueToken('qzRIGVx4kRlnbt1-Q7ewN8yZ3bWyPhn4QH0f5kHUjHo')).toBe(true);
    expect(looksLikeOpaqueToken('a'.repeat(MIN_OPAQUE_LENGTH))).toBe(true);
    expect(looksLikeOpaqueToken('abc.def~ghi+jkl/mno==')).toBe(true);
  });

  it('refuses shorter strings as junk', () => {
    expect(MIN_OPAQUE_LENGTH).toBe(16);
    expect(looksLikeOpaqueToken('a'.repeat(MIN_OPAQUE_LENGTH - 1))).toBe(false);
  });

  it('refuses what a Bearer header cannot carry: spaces, quotes, commas, inner padding', () => {
    for (const token of [
      'opaque token 0123456789',
      '"0123456789abcdef"',
      '0123456789,abcdefg',
      'ab=cd0123456789ef',
    ]) {
      expect(looksLikeOpaqueToken(token), token).toBe(false);
    }
  });
});
