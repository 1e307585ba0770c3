import { describe, expect, it } from 'vitest';
import { partsHash, tokenHash } from '../src/token-hash.js';

describe('tokenHash', () => {
  it('is base64url(SHA-256) of the UTF-8 bytes: 43 characters, no padding', async () => {
    expect(await tokenHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(await tokenHash('é')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('never contains the token', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
    expect(await tokenHash(token)).not.toContain(token.slice(0, 10));
  });
});

describe('partsHash', () => {
  it('names the same parts the same way, and differs with any part', async () => {
    const a = await partsHash(['orders-api', 'https://sso/realms/acme', 'token']);
    expect(await partsHash(['orders-api', 'https://sso/realms/acme', 'token'])).toBe(a);
    expect(await partsHash(['billing-api', 'https://sso/realms/acme', 'token'])).not.toBe(a);
  });

  it('cannot be made to collide by moving a newline or backslash between parts', async () => {
    expect(await partsHash(['a\nb', 'c'])).not.toBe(await partsHash(['a', 'b\nc']));
    expect(await partsHash(['a\\', 'nb'])).not.toBe(await partsHash(['a', '\\nb']));
    expect(await partsHash(['a\\n', 'b'])).not.toBe(await partsHash(['a', 'n\nb']));
  });
});
