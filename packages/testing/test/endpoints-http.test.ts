import { afterEach, describe, expect, it } from 'vitest';
import { UMA_GRANT } from '../src/index.js';
import { listen } from '../src/node/index.js';
import type { ListeningKeycloak } from '../src/node/index.js';
import { basic, fixture, introspect, postForm, userinfo } from './helpers.js';

let server: ListeningKeycloak | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('introspection, userinfo, UMA and revocation over real HTTP (listen)', () => {
  it('introspects active, lightweight and revoked tokens over HTTP', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    const token = await fx.realm.accessToken({ user: 'alice', lightweight: true });
    const body = await introspect(fx, token, undefined, fetch);
    expect(body).toMatchObject({
      active: true,
      iss: `${server.url}/realms/acme`,
      sub: fx.realm.user('alice').id,
      username: 'alice',
    });
    const res = await postForm(
      fx,
      fx.realm.introspectionEndpoint,
      { token },
      basic('orders-api', 'x'),
      fetch,
    );
    expect([res.status, await res.json()]).toEqual([
      401,
      { error: 'invalid_request', error_description: 'Authentication failed.' },
    ]);
    const revoked = await postForm(
      fx,
      fx.realm.revocationEndpoint,
      { token, client_id: 'orders-web' },
      {},
      fetch,
    );
    expect(revoked.status).toBe(200);
    expect(await introspect(fx, token, undefined, fetch)).toEqual({ active: false });
    expect(fx.realm.counters.get('introspect')).toBe(3);
    expect(fx.realm.counters.get('revoke')).toBe(1);
  });

  it('serves userinfo claims and Bearer challenges over HTTP', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    const token = await fx.realm.accessToken({ user: 'bob', scope: 'openid' });
    const ok = await userinfo(fx, token, fetch);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      sub: fx.realm.user('bob').id,
      preferred_username: 'bob',
    });
    const none = await fetch(fx.realm.userinfoEndpoint);
    expect([none.status, none.headers.get('www-authenticate'), await none.text()]).toEqual([
      401,
      'Bearer realm="acme"',
      '',
    ]);
    const noOpenid = await userinfo(fx, await fx.realm.accessToken({ user: 'bob' }), fetch);
    expect([noOpenid.status, noOpenid.headers.get('www-authenticate')]).toEqual([
      403,
      'Bearer realm="acme", error="insufficient_scope", error_description="Missing openid scope"',
    ]);
    expect(fx.realm.counters.get('userinfo')).toBe(3);
  });

  it('answers UMA decision, permissions and RPT requests over HTTP', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    const bob = await fx.realm.accessToken({ user: 'bob' });
    const ask = async (fields: Record<string, string>): Promise<[number, unknown]> => {
      const res = await postForm(
        fx,
        fx.realm.tokenEndpoint,
        { grant_type: UMA_GRANT, audience: 'orders-api', ...fields },
        { authorization: `Bearer ${bob}` },
        fetch,
      );
      return [res.status, await res.json()];
    };
    expect(await ask({ permission: 'orders#read', response_mode: 'decision' })).toEqual([
      200,
      { result: true },
    ]);
    expect(await ask({ permission: 'orders#cancel', response_mode: 'decision' })).toEqual([
      403,
      { error: 'access_denied', error_description: 'not_authorized' },
    ]);
    const [, granted] = await ask({ response_mode: 'permissions' });
    expect(granted).toEqual([expect.objectContaining({ rsname: 'orders', scopes: ['read'] })]);
    const [status, rpt] = await ask({ permission: 'orders#read' });
    expect(status).toBe(200);
    expect((rpt as { upgraded: boolean }).upgraded).toBe(false);
    expect(fx.realm.counters.get('token')).toBe(4);
  });
});
