import { describe, expect, it } from 'vitest';
import { loadRealVector, staticKey } from '@realmguard/test-fixtures';
import { PROFILES } from '../src/index.js';
import { decode, fixture, T0, verify } from './helpers.js';

const iat = Math.floor(T0 / 1000);

describe('access tokens', () => {
  it('writes the header bytes Keycloak writes', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    const kid = fx.realm.keys.list().find((k) => k.use === 'sig')!.kid;
    const real = loadRealVector(1);
    const { headerText } = decode(token);
    expect(headerText).toBe(real.header_json.replace(real.kid!, kid));
    expect(headerText).toBe(`{"alg":"RS256","typ" : "JWT","kid" : "${kid}"}`);
    expect(token.startsWith(real.token.slice(0, 50))).toBe(true);
    expect(token.startsWith('eyJhbGciOiJSUzI1NiIsInR5cCIgOiAiSldUIiwia2lkIiA6ICJ')).toBe(true);
  });

  it('builds a kc26_2 user token from the model, in Keycloak claim order', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'alice', scope: 'openid' });
    const { payload } = decode(token);
    expect(Object.keys(payload)).toEqual([
      'exp',
      'iat',
      'auth_time',
      'jti',
      'iss',
      'aud',
      'sub',
      'typ',
      'azp',
      'sid',
      'acr',
      'allowed-origins',
      'realm_access',
      'resource_access',
      'scope',
      'email_verified',
      'name',
      'preferred_username',
      'given_name',
      'family_name',
      'email',
    ]);
    expect(payload).toMatchObject({
      exp: iat + 300,
      iat,
      auth_time: iat,
      iss: 'http://keycloak.test/realms/acme',
      aud: ['orders-api', 'account'],
      sub: fx.realm.user('alice').id,
      typ: 'Bearer',
      azp: 'orders-web',
      acr: '1',
      'allowed-origins': ['/*'],
      realm_access: {
        roles: ['admin', 'default-roles-acme', 'offline_access', 'uma_authorization'],
      },
      resource_access: {
        'orders-api': { roles: ['editor'] },
        account: { roles: ['manage-account', 'manage-account-links', 'view-profile'] },
      },
      scope: 'openid profile email',
      email_verified: true,
      name: 'Alice Anderson',
      preferred_username: 'alice',
      email: 'alice@acme.test',
    });
    expect(payload.jti).toMatch(
      /^onrtac:[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const { payload: verified, protectedHeader } = await verify(fx, token);
    expect(verified.sub).toBe(payload.sub);
    expect(protectedHeader.typ).toBe('JWT');
  });

  it('follows the kc22 layout: session_state, nonce and sid after scope, UUID jti', async () => {
    const fx = await fixture({ profile: 'kc22' });
    const token = await fx.realm.accessToken({ user: 'bob', nonce: 'n-1' });
    const { payload } = decode(token);
    expect(Object.keys(payload)).toEqual([
      'exp',
      'iat',
      'auth_time',
      'jti',
      'iss',
      'aud',
      'sub',
      'typ',
      'azp',
      'nonce',
      'session_state',
      'acr',
      'allowed-origins',
      'realm_access',
      'resource_access',
      'scope',
      'sid',
      'email_verified',
      'name',
      'preferred_username',
      'given_name',
      'family_name',
      'email',
    ]);
    expect(payload.session_state).toBe(payload.sid);
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    // Same key order as a real KC 23 token (vector 01, which has no allowed-origins/realm_access).
    const real = Object.keys(decode(loadRealVector(1).token).payload);
    expect(Object.keys(payload).filter((k) => real.includes(k))).toEqual(
      real.filter((k) => k in payload),
    );
    await expect(verify(fx, token)).resolves.toBeDefined();
  });

  it.each(PROFILES)('mints tokens that verify under profile %s', async (profile) => {
    const fx = await fixture({ profile });
    const { payload } = decode(await fx.realm.accessToken());
    expect('session_state' in payload).toBe(profile === 'kc22' || profile === 'kc24');
    expect(/^[a-z]{6}:/.test(String(payload.jti))).toBe(
      profile === 'kc26_2' || profile === 'kc26_6_2',
    );
    await expect(verify(fx, await fx.realm.accessToken())).resolves.toBeDefined();
    await expect(
      verify(fx, await fx.realm.serviceAccountToken({ client: 'billing-worker' })),
    ).resolves.toBeDefined();
  });

  it('derives aud by Audience Resolve and Audience mappers', async () => {
    const fx = await fixture();
    const aud = async (opts: Parameters<typeof fx.realm.accessToken>[0]) =>
      decode(await fx.realm.accessToken(opts)).payload.aud;
    expect(await aud({ user: 'alice', client: 'orders-web' })).toEqual(['orders-api', 'account']);
    expect(await aud({ user: 'alice', client: 'orders-web-mapped' })).toEqual([
      'orders-api',
      'account',
    ]);
    // Its own client roles never put azp in aud.
    expect(await aud({ user: 'alice', client: 'orders-api' })).toBe('account');
    const noRoles = await fixture(
      {},
      { users: [{ username: 'carol' }], defaultRoles: { clientRoles: {} } },
    );
    expect('aud' in decode(await noRoles.realm.accessToken()).payload).toBe(false);
    const mapped = decode(await noRoles.realm.accessToken({ client: 'orders-web-mapped' })).payload;
    expect(mapped.aud).toBe('orders-api');
  });

  it('adds optional scopes that are included in the token scope and rejects unknown ones', async () => {
    const fx = await fixture();
    expect(decode(await fx.realm.accessToken({ scope: 'openid orders:read' })).payload.scope).toBe(
      'openid profile email orders:read',
    );
    await expect(fx.realm.accessToken({ scope: 'orders:write' })).rejects.toThrow(
      /Invalid scopes: orders:write/,
    );
  });

  it('mints service-account tokens without sid or auth_time', async () => {
    const fx = await fixture();
    const token = await fx.realm.serviceAccountToken({ client: 'billing-worker' });
    const { payload } = decode(token);
    expect(Object.keys(payload)).toEqual([
      'exp',
      'iat',
      'jti',
      'iss',
      'aud',
      'sub',
      'typ',
      'azp',
      'acr',
      'realm_access',
      'resource_access',
      'scope',
      'clientHost',
      'email_verified',
      'preferred_username',
      'clientAddress',
      'client_id',
    ]);
    expect(payload).toMatchObject({
      aud: 'account',
      sub: fx.realm.client('billing-worker').serviceAccount.id,
      azp: 'billing-worker',
      acr: '1',
      preferred_username: 'service-account-billing-worker',
      client_id: 'billing-worker',
      scope: 'profile email',
      realm_access: {
        roles: ['billing', 'default-roles-acme', 'offline_access', 'uma_authorization'],
      },
    });
    expect(payload.jti).toMatch(/^trrtcc:/);
    await expect(verify(fx, token)).resolves.toBeDefined();
    await expect(fx.realm.serviceAccountToken({ client: 'orders-web' })).rejects.toThrow(
      /service account/,
    );
  });

  it('mints lightweight tokens with no sub and no roles', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ lightweight: true });
    const { payload } = decode(token);
    expect(Object.keys(payload)).toEqual([
      'exp',
      'iat',
      'jti',
      'iss',
      'typ',
      'azp',
      'sid',
      'scope',
    ]);
    expect(payload.jti).toMatch(/^onltac:/);
    await expect(verify(fx, token)).resolves.toBeDefined();
    const viaClient = await fixture(
      {},
      { clients: [{ clientId: 'lw', publicClient: true, lightweightAccessToken: true }] },
    );
    expect('sub' in decode(await viaClient.realm.accessToken()).payload).toBe(false);
    const kc22 = await fixture(
      { profile: 'kc22' },
      { clients: [{ clientId: 'lw', publicClient: true, lightweightAccessToken: true }] },
    );
    expect('sub' in decode(await kc22.realm.accessToken()).payload).toBe(true);
  });

  it('honours the client at+jwt switch from kc26_2, the headerTyp option and client algs', async () => {
    const model = {
      keys: [staticKey('rs256-a'), staticKey('es256'), staticKey('ed25519')],
      clients: [
        {
          clientId: 'rfc',
          publicClient: true,
          rfc9068Header: true,
          accessTokenAlg: 'ES256' as const,
        },
      ],
    };
    const fx = await fixture({}, model);
    const token = await fx.realm.accessToken();
    expect(decode(token).headerText).toMatch(/^\{"alg":"ES256","typ" : "at\+jwt","kid" : "/);
    await expect(verify(fx, token, 'at+jwt')).resolves.toBeDefined();
    const old = await fixture({ profile: 'kc25' }, model);
    expect(decode(await old.realm.accessToken()).header.typ).toBe('JWT');
    const ed = await fx.realm.accessToken({ alg: 'EdDSA', headerTyp: 'JWT' });
    expect(decode(ed).header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    await expect(verify(fx, ed)).resolves.toBeDefined();
    await expect(fx.realm.accessToken({ alg: 'PS256' })).rejects.toThrow(/no active PS256 key/);
  });

  it('mints PS256 tokens with a PS256 key', async () => {
    const fx = await fixture();
    await fx.realm.keys.add({
      alg: 'PS256',
      privateJwk: (await import('@realmguard/test-fixtures')).loadKeyFixture('rs256-b').privateJwk,
    });
    const token = await fx.realm.accessToken({ alg: 'PS256' });
    expect(decode(token).header.alg).toBe('PS256');
    await expect(verify(fx, token)).resolves.toBeDefined();
  });

  it('uses the injected clock and lifetime, and merges claims last', async () => {
    const fx = await fixture();
    fx.clock.advance(10_000);
    const { payload } = decode(
      await fx.realm.accessToken({
        lifetime: 60,
        claims: { acr: undefined, tenant: 't1', azp: 'x' },
      }),
    );
    expect(payload.iat).toBe(iat + 10);
    expect(payload.exp).toBe(iat + 70);
    expect('acr' in payload).toBe(false);
    expect(payload.tenant).toBe('t1');
    expect(Object.keys(payload).indexOf('azp')).toBe(8);
  });

  it('uses the frontend URL and context path for the issuer', async () => {
    const fx = await fixture({ frontendUrl: 'https://sso.example.com/', contextPath: '/auth' });
    expect(fx.realm.issuer).toBe('https://sso.example.com/auth/realms/acme');
    expect(decode(await fx.realm.accessToken()).payload.iss).toBe(
      'https://sso.example.com/auth/realms/acme',
    );
    expect(fx.realm.jwksUri).toBe(
      'http://keycloak.test/auth/realms/acme/protocol/openid-connect/certs',
    );
  });
});
