import { base64url, importJWK, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKeyFixture } from '@realmguard/test-fixtures';
import { parseKeySet } from '../src/key-set.js';
import { MIN_RSA_BITS, assertStrongKey, cryptoKeyModulusBits } from '../src/key-strength.js';
import { cryptoKeyFor } from '../src/keys.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

// Issue 9 item 9: the key size comes from the key actually imported, never from the JWKS text.
let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const weak = loadKeyFixture('rs256-1024-weak');

/** `n` as standard base64 with padding: jose cannot decode it, Node imports it. */
const standardBase64 = (n: string) => {
  const text = n.replace(/-/g, '+').replace(/_/g, '/');
  return text.padEnd(Math.ceil(text.length / 4) * 4, '=');
};
/** `n` as base64url with padding. */
const paddedBase64url = (n: string) => n.padEnd(Math.ceil(n.length / 4) * 4, '=');

/** Adds the 1024-bit key as the active one and serves the JWKS with its `n` rewritten. */
async function weakKeyWithN(rewrite: (n: string) => string): Promise<string> {
  const kid = await fx.realm.keys.add({ alg: 'RS256', privateJwk: weak.privateJwk });
  const keys = fx.realm.keys
    .jwks()
    .keys.map((key) => (key.kid === kid ? { ...key, n: rewrite(key.n!) } : key));
  fx.realm.faults.set('certs', { type: 'status', status: 200, body: JSON.stringify({ keys }) });
  return kid;
}

describe('weak RSA keys, measured on the imported key', () => {
  it('the standard-base64 n of the fixture is one jose cannot decode (what hid the key size)', () => {
    const n = weak.publicJwk.n as string;
    expect(() => base64url.decode(standardBase64(n))).toThrow();
  });

  it.each([
    ['standard base64 with padding', standardBase64],
    ['padded base64url', paddedBase64url],
    ['plain base64url', (n: string) => n],
  ] as const)(
    'refuses a 1024-bit key whose JWKS n is %s, naming its size (weak_key)',
    async (_variant, rewrite) => {
      const kid = await weakKeyWithN(rewrite);
      const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
      expect((JSON.parse(atob(token.split('.')[0]!)) as { kid: string }).kid).toBe(kid);
      const error = await rejection(fx.verifier().verify(token));
      expect(error.code).toBe('weak_key');
      expect(error.status).toBe(401);
      expect(error.description).toContain('1024-bit RSA key');
      expect(error.hint).toMatch(/rsa-generated, Key size 2048/);
      expect(fx.events).toContainEqual({
        type: 'configuration_problem',
        code: 'weak_key',
        hint: error.hint,
      });
    },
  );

  it('still verifies a 2048-bit key whose JWKS n is standard base64 with padding', async () => {
    const keys = fx.realm.keys
      .jwks()
      .keys.map((key) => (key.use === 'sig' ? { ...key, n: standardBase64(key.n!) } : key));
    fx.realm.faults.set('certs', { type: 'status', status: 200, body: JSON.stringify({ keys }) });
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    await expect(fx.verifier().verify(token)).resolves.toBeDefined();
  });

  it('measures a Web Crypto key by its algorithm.modulusLength (the edge-runtime path)', async () => {
    const jwk = { ...(weak.publicJwk as JWK), n: standardBase64(weak.publicJwk.n as string) };
    const { set } = parseKeySet({ keys: [{ ...jwk, kid: 'weak' }] });
    const key = set.byKid.get('weak')!;
    expect(cryptoKeyModulusBits(await cryptoKeyFor(key, 'RS256'))).toBe(1024);
    const strong = await importJWK(loadKeyFixture('rs256-a').publicJwk as JWK, 'RS256');
    expect(cryptoKeyModulusBits(strong)).toBe(2048);
    expect(() => assertStrongKey('https://idp', key, 'RS256', 1024)).toThrow(
      expect.objectContaining({ code: 'weak_key' }),
    );
    expect(() => assertStrongKey('https://idp', key, 'RS256', MIN_RSA_BITS)).not.toThrow();
  });

  it('refuses an RSA key whose imported size cannot be measured', () => {
    const { set } = parseKeySet({ keys: [{ ...(weak.publicJwk as JWK), kid: 'k' }] });
    const key = set.byKid.get('k')!;
    expect(cryptoKeyModulusBits(new Uint8Array(32))).toBeUndefined();
    let thrown: unknown;
    try {
      assertStrongKey('https://idp', key, 'PS256', undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'weak_key',
      description: 'The access token is signed with an RSA key whose size cannot be checked',
    });
    // Not an RSA algorithm: nothing to measure.
    expect(() => assertStrongKey('https://idp', key, 'ES256', undefined)).not.toThrow();
  });
});
