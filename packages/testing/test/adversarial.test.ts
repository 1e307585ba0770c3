import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { decode, fixture, T0, verify } from './helpers.js';
import type { Fixture } from './helpers.js';

const iat = Math.floor(T0 / 1000);

/** Claims that differ between two decoded tokens, ignoring per-token random ids. */
function diff(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const random = new Set(['jti', 'sid', 'session_state']);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !random.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

async function baseline(fx: Fixture) {
  return decode(await fx.realm.accessToken());
}

describe('adversarial tokens', () => {
  it('alg none: same typ and kid, empty signature', async () => {
    const fx = await fixture();
    const token = await fx.realm.adversarial.algNone();
    const normal = await baseline(fx);
    expect(token.endsWith('.')).toBe(true);
    expect(decode(token).header).toEqual({ ...normal.header, alg: 'none' });
    expect(diff(decode(token).payload, normal.payload)).toEqual([]);
    await expect(verify(fx, token)).rejects.toThrow();
  });

  it('alg confusion: HS256 keyed with the RSA public key PEM verifies with exactly those bytes', async () => {
    const fx = await fixture();
    const token = await fx.realm.adversarial.hs256WithPublicKey();
    const { header } = decode(token);
    expect(header.alg).toBe('HS256');
    expect(header.kid).toBe((await baseline(fx)).header.kid);
    const { createPublicKey } = await import('node:crypto');
    const jwk = fx.realm.keys.jwks().keys.find((k) => k.kid === header.kid)!;
    const pem = createPublicKey({
      key: { kty: 'RSA', n: jwk.n!, e: jwk.e! },
      format: 'jwk',
    }).export({ type: 'spki', format: 'pem' });
    // The PEM without a trailing newline, as jose's exportSPKI writes it.
    const pemBytes = new TextEncoder().encode(String(pem).trim());
    const ok = await jwtVerify(token, pemBytes, { currentDate: new Date(T0) });
    expect(ok.payload.typ).toBe('Bearer');
    await expect(verify(fx, token)).rejects.toThrow();
    const viaJwk = await fx.realm.adversarial.hs256WithPublicKey('jwk');
    await expect(
      jwtVerify(viaJwk, new TextEncoder().encode(JSON.stringify(jwk)), {
        currentDate: new Date(T0),
      }),
    ).resolves.toBeDefined();
  });

  it('unknown kid and no kid: valid signatures the JWKS cannot resolve', async () => {
    const fx = await fixture();
    const unknown = await fx.realm.adversarial.unknownKid();
    expect(fx.realm.keys.jwks().keys.map((k) => k.kid)).not.toContain(decode(unknown).header.kid);
    await expect(verify(fx, unknown)).rejects.toThrow(/no applicable key/);
    const noKid = await fx.realm.adversarial.noKid();
    expect(decode(noKid).headerText).toMatch(/^\{"alg":"RS256","typ" : "JWT"\}$/);
    // With no kid, the single RS256 sig key matches: the signature itself is valid.
    await expect(verify(fx, noKid)).resolves.toBeDefined();
  });

  it('enc key kid: signed by the enc key, so only a verifier that skips use:enc is safe', async () => {
    const fx = await fixture();
    const token = await fx.realm.adversarial.encKeyKid();
    const enc = fx.realm.keys.jwks().keys.find((k) => k.use === 'enc')!;
    expect(decode(token).header.kid).toBe(enc.kid);
    await expect(verify(fx, token)).rejects.toThrow();
    const careless = { keys: [{ ...enc, use: undefined, alg: 'RS256' }] };
    await expect(
      jwtVerify(token, createLocalJWKSet(careless), { currentDate: new Date(T0) }),
    ).resolves.toBeDefined();
  });

  it('time defects: expired, not yet valid, issued in the future', async () => {
    const fx = await fixture();
    const normal = await baseline(fx);
    const expired = decode(await fx.realm.adversarial.expired(61));
    expect(expired.payload.exp).toBe(iat - 61);
    expect(expired.payload.iat).toBe(iat - 361);
    await expect(verify(fx, await fx.realm.adversarial.expired(1))).rejects.toThrow(/exp/);
    const nbf = await fx.realm.adversarial.notYetValid(30);
    expect(decode(nbf).payload.nbf).toBe(iat + 30);
    expect(diff(decode(nbf).payload, normal.payload)).toEqual(['nbf']);
    await expect(verify(fx, nbf)).rejects.toThrow(/nbf/);
    const future = decode(await fx.realm.adversarial.issuedInFuture(30)).payload;
    expect([future.iat, future.exp]).toEqual([iat + 30, iat + 330]);
  });

  it.each([
    ['http-vs-https', 'https://keycloak.test/realms/acme'],
    ['trailing-slash', 'http://keycloak.test/realms/acme/'],
    ['auth-prefix', 'http://keycloak.test/auth/realms/acme'],
    ['other-host', 'http://keycloak:8080/realms/acme'],
  ] as const)('wrong issuer %s', async (variant, expected) => {
    const fx = await fixture();
    const token = await fx.realm.adversarial.wrongIssuer(variant);
    expect(decode(token).payload.iss).toBe(expected);
    expect(diff(decode(token).payload, (await baseline(fx)).payload)).toEqual(['iss']);
    await expect(verify(fx, token)).rejects.toThrow(/iss/);
  });

  it('audience variants: string, array, missing', async () => {
    const fx = await fixture();
    expect(decode(await fx.realm.adversarial.withAudience('orders-api')).payload.aud).toBe(
      'orders-api',
    );
    const arr = decode(await fx.realm.adversarial.withAudience(['a', 'b'])).payload;
    expect(arr.aud).toEqual(['a', 'b']);
    expect(Object.keys(arr).indexOf('aud')).toBe(
      Object.keys((await baseline(fx)).payload).indexOf('aud'),
    );
    const none = decode(await fx.realm.adversarial.withAudience(undefined)).payload;
    expect('aud' in none).toBe(false);
    expect(diff(none, (await baseline(fx)).payload)).toEqual(['aud']);
  });

  it.each(['ID', 'Refresh', 'Offline', 'Logout', 'DPoP'] as const)(
    'payload typ %s on a valid signature',
    async (typ) => {
      const fx = await fixture();
      const token = await fx.realm.adversarial.payloadTyp(typ);
      expect(decode(token).payload.typ).toBe(typ);
      await expect(verify(fx, token)).resolves.toBeDefined();
    },
  );

  it('DPoP-bound, crit, at+jwt, oversized and duplicate claims', async () => {
    const fx = await fixture();
    const dpop = decode(await fx.realm.adversarial.dpopBound()).payload;
    expect(dpop.typ).toBe('DPoP');
    expect((dpop.cnf as { jkt: string }).jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const crit = await fx.realm.adversarial.crit();
    expect(decode(crit).header.crit).toEqual(['urn:realmguard:test:unsupported']);
    await expect(verify(fx, crit)).rejects.toThrow(/crit|Extension/i);
    const at = await fx.realm.adversarial.atJwt();
    expect(decode(at).headerText).toContain('"typ" : "at+jwt"');
    await expect(verify(fx, at)).resolves.toBeDefined();
    const big = await fx.realm.adversarial.oversized(16_384);
    expect(big.length).toBeGreaterThanOrEqual(16_384);
    expect(big.length).toBeLessThan(16_384 + 8);
    await expect(verify(fx, big)).resolves.toBeDefined();
    const dup = await fx.realm.adversarial.duplicateClaim('sub', 'alice-id', 'admin-id');
    expect(decode(dup).payloadText).toMatch(/"sub":"alice-id".*"sub":"admin-id"\}$/);
    expect(decode(dup).payload.sub).toBe('admin-id');
    await expect(verify(fx, dup)).resolves.toBeDefined();
  });
});
