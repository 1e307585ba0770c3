import { describe, expect, it } from 'vitest';
import { createTestKeycloak } from '../src/index.js';
import { staticRealmKeys } from '@realmguard/test-fixtures';
import { basic, decode, fixture, introspect, postForm, tamperSignature } from './helpers.js';
import type { Fixture } from './helpers.js';

const INACTIVE = { active: false };

async function raw(
  fx: Fixture,
  form: Record<string, string> | URLSearchParams,
  headers: Record<string, string> = basic('orders-api', 'orders-api-secret'),
): Promise<[number, unknown]> {
  const res = await postForm(fx, fx.realm.introspectionEndpoint, form, headers);
  return [res.status, await res.json()];
}

describe('token introspection', () => {
  it('introspects an access token: its claims, then client_id, username, token_type, active', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'alice', scope: 'openid' });
    const body = await introspect(fx, token);
    const { payload } = decode(token);
    expect(body).toEqual({
      ...payload,
      client_id: 'orders-web',
      username: 'alice',
      token_type: 'Bearer',
      active: true,
    });
    expect(Object.keys(body).slice(-4)).toEqual(['client_id', 'username', 'token_type', 'active']);
    const res = await postForm(
      fx,
      fx.realm.introspectionEndpoint,
      { token },
      basic('orders-api', 'orders-api-secret'),
    );
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('introspects a lightweight token with the full claim set', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'bob', lightweight: true, sid: 's-1' });
    const light = decode(token).payload;
    expect('sub' in light).toBe(false);
    const full = decode(await fx.realm.accessToken({ user: 'bob', sid: 's-1' })).payload;
    const body = await introspect(fx, token);
    expect(body.jti).toBe(light.jti);
    expect(String(body.jti)).toMatch(/^onltac:/);
    expect(body).toMatchObject({
      sub: fx.realm.user('bob').id,
      aud: full.aud,
      realm_access: full.realm_access,
      resource_access: full.resource_access,
      preferred_username: 'bob',
      email: 'bob@acme.test',
      sid: 's-1',
      active: true,
    });
    const added = ['client_id', 'username', 'token_type', 'active'];
    expect(Object.keys(body).filter((k) => !added.includes(k))).toEqual(Object.keys(full));
  });

  it('introspects an opaque token like the equivalent JWT', async () => {
    const fx = await fixture();
    const opaque = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
    expect(opaque).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(opaque.split('.')).toHaveLength(1);
    const body = await introspect(fx, opaque);
    expect(body).toMatchObject({
      active: true,
      sub: fx.realm.user('bob').id,
      azp: 'orders-web-mapped',
      client_id: 'orders-web-mapped',
      username: 'bob',
      token_type: 'Bearer',
      typ: 'Bearer',
    });
    expect(body.aud).toContain('orders-api');
    fx.realm.revoke(opaque);
    expect(await introspect(fx, opaque)).toEqual(INACTIVE);
  });

  it('answers exactly {"active":false} for a revoked token', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    const other = await fx.realm.accessToken({ sid: decode(token).payload.sid as string });
    expect((await introspect(fx, token)).active).toBe(true);
    fx.realm.revoke(token);
    expect(await introspect(fx, token)).toEqual(INACTIVE);
    expect((await introspect(fx, other)).active).toBe(true);
  });

  it('answers exactly {"active":false} when expired, with no leeway', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    fx.clock.advance(299_000);
    expect((await introspect(fx, token)).active).toBe(true);
    fx.clock.advance(1_000);
    expect(await introspect(fx, token)).toEqual(INACTIVE);
    expect(await introspect(fx, await fx.realm.adversarial.expired(1))).toEqual(INACTIVE);
    expect(await introspect(fx, await fx.realm.adversarial.notYetValid(60))).toEqual(INACTIVE);
  });

  it('answers exactly {"active":false} for unknown, malformed, badly signed and foreign tokens', async () => {
    const fx = await fixture();
    const other = await fx.kc.createRealm({ name: 'other', keys: staticRealmKeys() });
    const good = await fx.realm.accessToken();
    const tampered = tamperSignature(good);
    const unknown = await fx.realm.sign(
      { alg: 'RS256', typ: 'JWT', kid: fx.realm.keys.list()[0]?.kid },
      { ...decode(good).payload, jti: 'never-minted' },
    );
    const idToken = await fx.realm.idToken();
    for (const token of [
      'unsupported',
      'a.b.c',
      tampered,
      unknown,
      idToken,
      await other.accessToken(),
      await fx.realm.adversarial.algNone(),
      await fx.realm.adversarial.hs256WithPublicKey(),
      await fx.realm.adversarial.noKid(),
      await fx.realm.adversarial.unknownKid(),
      await fx.realm.adversarial.wrongIssuer('trailing-slash'),
    ]) {
      expect(await introspect(fx, token)).toEqual(INACTIVE);
    }
    expect((await introspect(fx, good)).active).toBe(true);
  });

  it('answers {"active":false} after logout; offline tokens survive logout but not logoutUser', async () => {
    const fx = await fixture();
    const online = await fx.realm.accessToken({ user: 'alice', sid: 's-1' });
    const offline = await fx.realm.accessToken({
      user: 'alice',
      sid: 's-1',
      scope: 'offline_access',
    });
    expect(String(decode(offline).payload.jti)).toMatch(/^ofrtac:/);
    const bobs = await fx.realm.accessToken({ user: 'bob' });
    fx.realm.sessions.logout('s-1');
    expect(await introspect(fx, online)).toEqual(INACTIVE);
    expect((await introspect(fx, offline)).active).toBe(true);
    expect(fx.realm.sessions.isActive('s-1')).toBe(true);
    fx.realm.sessions.logoutUser('alice');
    expect(await introspect(fx, offline)).toEqual(INACTIVE);
    expect(fx.realm.sessions.isActive('s-1')).toBe(false);
    expect((await introspect(fx, bobs)).active).toBe(true);
    // A new login may reuse the id: old tokens stay dead, new ones live.
    const again = await fx.realm.accessToken({ user: 'alice', sid: 's-1' });
    expect((await introspect(fx, again)).active).toBe(true);
    expect(await introspect(fx, online)).toEqual(INACTIVE);
  });

  it('answers {"active":false} for disabled users and clients', async () => {
    const fx = await fixture();
    const alice = await fx.realm.accessToken({ user: 'alice' });
    const bob = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    fx.realm.user('alice').enabled = false;
    expect(await introspect(fx, alice)).toEqual(INACTIVE);
    fx.realm.setUserEnabled('alice', true);
    expect((await introspect(fx, alice)).active).toBe(true);
    fx.realm.setClientEnabled('orders-web-mapped', false);
    expect(await introspect(fx, bob)).toEqual(INACTIVE);
    expect((await introspect(fx, alice)).active).toBe(true);
  });

  it('introspects service-account tokens (transient session) with username service-account-<client>', async () => {
    const fx = await fixture();
    const token = await fx.realm.serviceAccountToken({ client: 'billing-worker' });
    const body = await introspect(fx, token);
    expect(body).toMatchObject({
      active: true,
      client_id: 'billing-worker',
      username: 'service-account-billing-worker',
      token_type: 'Bearer',
    });
    expect('sid' in body).toBe(false);
    fx.realm.setClientEnabled('billing-worker', false);
    expect(await introspect(fx, token)).toEqual(INACTIVE);
  });

  it('rejects introspection with bad client credentials like Keycloak (401 Authentication failed.)', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    const failed = [401, { error: 'invalid_request', error_description: 'Authentication failed.' }];
    expect(await raw(fx, { token }, basic('orders-api', 'wrong'))).toEqual(failed);
    expect(await raw(fx, { token }, basic('ghost', 'x'))).toEqual(failed);
    expect(await raw(fx, { token }, {})).toEqual(failed);
    expect(await raw(fx, { token, client_id: 'orders-api' }, {})).toEqual(failed);
    expect(await raw(fx, { token }, { authorization: 'Bearer abc' })).toEqual(failed);
    expect(
      await raw(
        fx,
        { token, client_id: 'billing-worker' },
        basic('orders-api', 'orders-api-secret'),
      ),
    ).toEqual(failed);
    fx.realm.setClientEnabled('orders-api', false);
    expect(await raw(fx, { token })).toEqual(failed);
  });

  it('accepts client_secret_post, and basic plus a matching client_id', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    const post = await raw(
      fx,
      { token, client_id: 'orders-api', client_secret: 'orders-api-secret' },
      {},
    );
    expect(post[0]).toBe(200);
    expect((post[1] as { active: boolean }).active).toBe(true);
    const both = await raw(fx, { token, client_id: 'orders-api' });
    expect((both[1] as { active: boolean }).active).toBe(true);
  });

  it('refuses public clients with 403 Client not allowed.', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    expect(await raw(fx, { token, client_id: 'orders-web' }, {})).toEqual([
      403,
      { error: 'invalid_request', error_description: 'Client not allowed.' },
    ]);
  });

  it('answers 400 invalid_request for duplicated parameters, no token and an unknown hint', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken();
    const twice = new URLSearchParams([
      ['token', token],
      ['token', token],
    ]);
    expect(await raw(fx, twice)).toEqual([
      400,
      { error: 'invalid_request', error_description: 'duplicated parameter' },
    ]);
    expect(await raw(fx, {})).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Token not provided.' },
    ]);
    expect(await raw(fx, { token, token_type_hint: 'id_token' })).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Unsupported token type [id_token].' },
    ]);
    const hinted = await raw(fx, { token, token_type_hint: 'refresh_token' });
    expect((hinted[1] as { active: boolean }).active).toBe(true);
  });

  it('applies the 26.6.2 audience rule only in profile kc26_6_2', async () => {
    for (const profile of ['kc22', 'kc24', 'kc25', 'kc26_2'] as const) {
      const fx = await fixture({ profile });
      const token = await fx.realm.accessToken({ user: 'alice' });
      const body = await introspect(fx, token, ['billing-worker', 'billing-worker-secret']);
      expect(body.active).toBe(true);
    }
    const fx = await fixture({ profile: 'kc26_6_2' });
    const token = await fx.realm.accessToken({ user: 'alice' }); // aud: orders-api, account
    expect((await introspect(fx, token)).active).toBe(true);
    expect(await introspect(fx, token, ['billing-worker', 'billing-worker-secret'])).toEqual(
      INACTIVE,
    );
    // A lightweight token carries no aud, but the rebuilt (full) token does.
    const light = await fx.realm.accessToken({ user: 'alice', lightweight: true });
    expect((await introspect(fx, light)).active).toBe(true);
    fx.realm.client('billing-worker').allowIntrospectionWithoutAudienceCheck = true;
    expect((await introspect(fx, token, ['billing-worker', 'billing-worker-secret'])).active).toBe(
      true,
    );
    const knob = await fixture(
      { profile: 'kc26_6_2' },
      { allowIntrospectionWithoutAudienceCheck: true },
    );
    const t2 = await knob.realm.accessToken({ user: 'alice' });
    expect((await introspect(knob, t2, ['billing-worker', 'billing-worker-secret'])).active).toBe(
      true,
    );
  });

  it('introspects refresh tokens for any client before 26.6.2, then only for their azp', async () => {
    const before = await fixture();
    const rt = await before.realm.refreshToken({ user: 'alice', client: 'orders-api' });
    expect(await introspect(before, rt, ['billing-worker', 'billing-worker-secret'])).toMatchObject(
      {
        active: true,
        typ: 'Refresh',
        token_type: 'Refresh',
        client_id: 'orders-api',
        username: 'alice',
      },
    );
    const fx = await fixture({ profile: 'kc26_6_2' });
    const token = await fx.realm.refreshToken({ user: 'alice', client: 'orders-api' });
    expect((await introspect(fx, token)).active).toBe(true);
    expect(await introspect(fx, token, ['billing-worker', 'billing-worker-secret'])).toEqual(
      INACTIVE,
    );
  });

  it('omits token_type on kc22 and kc24 (first seen later, research Appendix A #6)', async () => {
    for (const [profile, present] of [
      ['kc22', false],
      ['kc24', false],
      ['kc25', true],
    ] as const) {
      const fx = await fixture({ profile });
      const body = await introspect(fx, await fx.realm.accessToken());
      expect('token_type' in body).toBe(present);
      expect(body.active).toBe(true);
    }
  });

  it('uses the kc clock of createTestKeycloak({ now })', async () => {
    let now = Date.UTC(2030, 0, 1);
    const kc = createTestKeycloak({ now: () => now });
    const realm = await kc.createRealm({ keys: staticRealmKeys() });
    const token = await realm.accessToken({ lifetime: 10 });
    const ask = async (): Promise<unknown> =>
      (
        await kc.fetch(realm.introspectionEndpoint, {
          method: 'POST',
          headers: basic('orders-api', 'orders-api-secret'),
          body: new URLSearchParams({ token }),
        })
      ).json();
    expect(await ask()).toMatchObject({ active: true });
    now += 10_000;
    expect(await ask()).toEqual(INACTIVE);
  });
});
