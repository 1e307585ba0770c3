import { base64url, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadRealVector } from '@realmguard/test-fixtures';
import { decode, fixture, T0, verify } from './helpers.js';

const iat = Math.floor(T0 / 1000);

describe('other tokens', () => {
  it('mints ID tokens with typ ID, aud = client, at_hash and no roles', async () => {
    const fx = await fixture();
    const access = await fx.realm.accessToken({ sid: 's-1' });
    const token = await fx.realm.idToken({ nonce: 'n-1', sid: 's-1', accessToken: access });
    const { payload } = decode(token);
    expect(payload).toMatchObject({
      typ: 'ID',
      aud: 'orders-web',
      azp: 'orders-web',
      nonce: 'n-1',
      sid: 's-1',
    });
    expect('realm_access' in payload).toBe(false);
    const hash = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(access)),
    );
    expect(payload.at_hash).toBe(base64url.encode(hash.subarray(0, 16)));
    await expect(verify(fx, token)).resolves.toBeDefined();
  });

  it('mints HS512 refresh tokens (HS256 on kc22) signed with an unpublished secret', async () => {
    const fx = await fixture();
    const token = await fx.realm.refreshToken({ user: 'alice', scope: 'openid' });
    const { headerText, payload } = decode(token);
    expect(headerText).toMatch(/^\{"alg":"HS512","typ" : "JWT","kid" : "[0-9a-f-]{36}"\}$/);
    expect(Object.keys(payload)).toEqual([
      'exp',
      'iat',
      'jti',
      'iss',
      'aud',
      'sub',
      'typ',
      'azp',
      'sid',
      'scope',
    ]);
    expect(payload).toMatchObject({
      exp: iat + 1800,
      aud: fx.realm.issuer,
      typ: 'Refresh',
      scope: 'openid profile email roles web-origins acr basic',
    });
    await expect(verify(fx, token)).rejects.toThrow();
    const offline = decode(await fx.realm.refreshToken({ offline: true })).payload;
    expect(offline).toMatchObject({ typ: 'Offline', exp: iat + 2_592_000 });
    expect(String(offline.scope)).toContain('offline_access');
    const old = await fixture({ profile: 'kc22' });
    const legacy = decode(await old.realm.refreshToken());
    expect(legacy.header.alg).toBe('HS256');
    const real = decode(loadRealVector(3).token);
    expect(Object.keys(legacy.payload)).toEqual(Object.keys(real.payload));
  });

  it('mints logout tokens with typ logout+jwt, events and exp = iat + 120', async () => {
    const fx = await fixture();
    const token = await fx.realm.logoutToken({ user: 'bob', sid: 's-9' });
    const { headerText, payload } = decode(token);
    expect(headerText).toMatch(/^\{"alg":"RS256","typ" : "logout\+jwt","kid" : "/);
    expect(payload).toEqual({
      iat,
      exp: iat + 120,
      jti: expect.any(String) as unknown,
      iss: fx.realm.issuer,
      aud: 'orders-web',
      sub: fx.realm.user('bob').id,
      typ: 'Logout',
      sid: 's-9',
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    await expect(verify(fx, token, 'logout+jwt')).resolves.toBeDefined();
  });

  it('signs exact header and payload bytes with realm.sign', async () => {
    const fx = await fixture();
    const token = await fx.realm.sign('{"alg":"RS256", "x":1}', '{"sub":"a","sub":"b"}');
    expect(decode(token).headerText).toBe('{"alg":"RS256", "x":1}');
    expect(decode(token).payloadText).toBe('{"sub":"a","sub":"b"}');
    const kid = fx.realm.keys.list().find((k) => k.use === 'sig')!.kid;
    const objectToken = await fx.realm.sign(
      { alg: 'RS256', kid },
      { iss: fx.realm.issuer, exp: iat + 60 },
    );
    await expect(verify(fx, objectToken)).resolves.toBeDefined();
    const hs = await fx.realm.sign({ alg: 'HS256' }, { a: 1 });
    await expect(jwtVerify(hs, new Uint8Array(64))).rejects.toThrow();
    expect((await fx.realm.sign({ alg: 'none' }, { a: 1 })).endsWith('.')).toBe(true);
  });
});
