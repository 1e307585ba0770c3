import { X509Certificate, createPublicKey, createHash } from 'node:crypto';
import { base64url, createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadKeyFixture, loadRealVector, staticKey } from '@realmguard/test-fixtures';
import { keycloakKid } from '../src/key-material.js';
import { decode, fixture, verify } from './helpers.js';

const sha256 = (bytes: Uint8Array): string =>
  base64url.encode(createHash('sha256').update(bytes).digest());

describe('realm keys', () => {
  it('derives kid as base64url SHA-256 of the SPKI like Keycloak', async () => {
    const real = loadRealVector(1).jwks!.keys;
    expect(real).toHaveLength(2);
    for (const jwk of real) {
      const { kty, n, e, kid } = jwk as { kty: string; n: string; e: string; kid: string };
      expect(await keycloakKid({ kty, n, e })).toBe(kid);
      // Cross-check with node:crypto's SPKI export.
      const spki = createPublicKey({ key: { kty, n, e }, format: 'jwk' }).export({
        type: 'spki',
        format: 'der',
      });
      expect(sha256(spki)).toBe(kid);
    }
  });

  it('recomputes x5t and x5t#S256 of a real Keycloak certificate from its x5c', () => {
    for (const jwk of loadRealVector(1).jwks!.keys) {
      const der = Uint8Array.from(atob((jwk.x5c as string[])[0]!), (c) => c.charCodeAt(0));
      expect(base64url.encode(createHash('sha1').update(der).digest())).toBe(jwk.x5t);
      expect(sha256(der)).toBe(jwk['x5t#S256']);
    }
  });

  it('computes the kid of its own keys the same way', async () => {
    const { realm } = await fixture();
    const [enc, sig] = realm.keys.jwks().keys as Array<Record<string, string>>;
    for (const jwk of [enc!, sig!]) {
      const spki = createPublicKey({
        key: { kty: 'RSA', n: jwk.n!, e: jwk.e! },
        format: 'jwk',
      }).export({ type: 'spki', format: 'der' });
      expect(jwk.kid).toBe(sha256(spki));
    }
  });

  it('publishes RSA keys with members in Keycloak order and enc first by default', async () => {
    const { realm } = await fixture();
    const { keys } = realm.keys.jwks();
    expect(keys.map((k) => Object.keys(k))).toEqual([
      ['kid', 'kty', 'alg', 'use', 'n', 'e', 'x5c', 'x5t', 'x5t#S256'],
      ['kid', 'kty', 'alg', 'use', 'n', 'e', 'x5c', 'x5t', 'x5t#S256'],
    ]);
    expect(keys.map((k) => [k.alg, k.use])).toEqual([
      ['RSA-OAEP', 'enc'],
      ['RS256', 'sig'],
    ]);
    const sigFirst = await fixture({}, { jwksOrder: 'sig-first' });
    expect(sigFirst.realm.keys.jwks().keys.map((k) => k.use)).toEqual(['sig', 'enc']);
  });

  it('writes a self-signed X.509 v1 certificate shaped like the real one', async () => {
    const { realm } = await fixture();
    const jwk = realm.keys.jwks().keys[1]!;
    const der = Uint8Array.from(atob(jwk.x5c![0]!), (c) => c.charCodeAt(0));
    const cert = new X509Certificate(der);
    const created = 1_700_000_000_000; // staticRealmKeys() createdAt
    expect(cert.subject).toBe('CN=acme');
    expect(cert.issuer).toBe('CN=acme');
    expect(BigInt(`0x${cert.serialNumber}`)).toBe(BigInt(created));
    expect(new Date(cert.validFrom).getTime()).toBe(Math.floor((created - 100_000) / 1000) * 1000);
    expect(new Date(cert.validTo).toISOString()).toBe('2033-11-14T22:13:20.000Z');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.export({ format: 'jwk' })).toMatchObject({ n: jwk.n, e: jwk.e });
    // v1: the TBSCertificate starts with the serial INTEGER, not a [0] version tag; no extensions.
    const real = Uint8Array.from(
      atob((loadRealVector(1).jwks!.keys[0]!.x5c as string[])[0]!),
      (c) => c.charCodeAt(0),
    );
    expect(der[8]).toBe(real[8]);
    expect(der[8]).toBe(0x02);
    expect(cert.keyUsage).toBeUndefined();
    expect(cert.subjectAltName).toBeUndefined();
    expect(der.length).toBe(real.length - 2 * 'projet-secu'.length + 2 * 'acme'.length);
    expect(jwk.x5t).toBe(base64url.encode(createHash('sha1').update(der).digest()));
    expect(jwk['x5t#S256']).toBe(sha256(der));
  });

  it('is deterministic for static keys with a fixed creation time', async () => {
    const a = await fixture();
    const b = await fixture();
    expect(a.realm.keys.jwks()).toEqual(b.realm.keys.jwks());
  });

  it('publishes EC and OKP keys without x5c', async () => {
    const { realm } = await fixture(
      {},
      { keys: [staticKey('rs256-a'), staticKey('es256'), staticKey('ed25519')] },
    );
    const [rsa, ec, okp] = realm.keys.jwks().keys;
    expect(Object.keys(rsa!)).toContain('x5c');
    expect(Object.keys(ec!)).toEqual(['kid', 'kty', 'alg', 'use', 'crv', 'x', 'y']);
    expect(ec).toMatchObject({ kty: 'EC', alg: 'ES256', use: 'sig', crv: 'P-256' });
    expect(Object.keys(okp!)).toEqual(['kid', 'kty', 'alg', 'use', 'crv', 'x']);
    expect(okp).toMatchObject({ kty: 'OKP', alg: 'EdDSA', crv: 'Ed25519' });
    expect(JSON.stringify(realm.keys.jwks())).not.toContain('"d"');
  });

  it('never publishes the HMAC key that signs refresh tokens', async () => {
    const fx = await fixture();
    const refresh = decode(await fx.realm.refreshToken());
    const kids = fx.realm.keys.jwks().keys.map((k) => k.kid);
    expect(kids).not.toContain(refresh.header.kid);
    expect(fx.realm.keys.list().map((k) => k.kid)).not.toContain(refresh.header.kid);
    expect(JSON.stringify(fx.realm.keys.jwks())).not.toMatch(/"kty":"oct"/);
  });

  it('rotates: the new key signs, the old one turns passive and still verifies', async () => {
    const fx = await fixture();
    const oldKid = fx.realm.keys.list().find((k) => k.use === 'sig')!.kid;
    const oldToken = await fx.realm.accessToken();
    const newKid = await fx.realm.keys.rotate();
    expect(newKid).not.toBe(oldKid);
    expect(fx.realm.keys.list().find((k) => k.kid === oldKid)!.status).toBe('passive');
    expect(fx.realm.keys.list().find((k) => k.kid === newKid)!.status).toBe('active');
    const newToken = await fx.realm.accessToken();
    expect(decode(newToken).header.kid).toBe(newKid);
    expect(fx.realm.keys.jwks().keys.map((k) => k.kid)).toEqual(
      expect.arrayContaining([oldKid, newKid]),
    );
    await expect(verify(fx, oldToken)).resolves.toBeDefined();
    await expect(verify(fx, newToken)).resolves.toBeDefined();
    const passiveSigned = await fx.realm.accessToken({ kid: oldKid });
    expect(decode(passiveSigned).header.kid).toBe(oldKid);
    await expect(verify(fx, passiveSigned)).resolves.toBeDefined();
  });

  it('hides disabled keys, refuses to sign with them, and forgets removed keys', async () => {
    const fx = await fixture();
    const kid = fx.realm.keys.list().find((k) => k.use === 'sig')!.kid;
    const token = await fx.realm.accessToken();
    fx.realm.keys.setStatus(kid, 'disabled');
    expect(fx.realm.keys.jwks().keys.map((k) => k.kid)).not.toContain(kid);
    await expect(verify(fx, token)).rejects.toThrow();
    await expect(fx.realm.accessToken({ kid })).rejects.toThrow(/disabled/);
    await expect(fx.realm.accessToken()).rejects.toThrow(/no active RS256 key/);
    fx.realm.keys.setStatus(kid, 'active');
    await expect(verify(fx, token)).resolves.toBeDefined();
    fx.realm.keys.remove(kid);
    expect(fx.realm.keys.list().map((k) => k.kid)).not.toContain(kid);
    expect(() => fx.realm.keys.remove(kid)).toThrow();
  });

  it('generates keys with Web Crypto when no static keys are given', async () => {
    const { createTestKeycloak } = await import('../src/index.js');
    const kc = createTestKeycloak();
    const realm = await kc.createRealm();
    expect(realm.keys.list().map((k) => [k.alg, k.use, k.status])).toEqual([
      ['RS256', 'sig', 'active'],
      ['RSA-OAEP', 'enc', 'active'],
    ]);
    const esKid = await realm.keys.add({ alg: 'ES256' });
    const token = await realm.accessToken({ alg: 'ES256' });
    expect(decode(token).header).toEqual({ alg: 'ES256', typ: 'JWT', kid: esKid });
    await expect(jwtVerify(token, createLocalJWKSet(realm.keys.jwks()))).resolves.toBeDefined();
  });

  it('allows a 1024-bit RSA key for weak-key tests (jose refuses to verify with it)', async () => {
    const fx = await fixture({}, { keys: [staticKey('rs256-1024-weak')] });
    const token = await fx.realm.accessToken();
    const n = loadKeyFixture('rs256-1024-weak').publicJwk.n as string;
    expect(fx.realm.keys.jwks().keys[0]!.n).toBe(n);
    await expect(verify(fx, token)).rejects.toThrow(/2048/);
    const pub = createPublicKey({ key: fx.realm.keys.jwks().keys[0] as never, format: 'jwk' });
    const [h, p, s] = token.split('.');
    const { createVerify } = await import('node:crypto');
    expect(
      createVerify('RSA-SHA256').update(`${h}.${p}`).verify(pub, Buffer.from(s!, 'base64url')),
    ).toBe(true);
  });
});
