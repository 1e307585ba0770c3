import { describe, expect, it } from 'vitest';
import { decode, fixture, verify } from './helpers.js';
import type { Fixture } from './helpers.js';

function post(fx: Fixture, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fx.kc.fetch(fx.realm.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

const basic = (id: string, secret: string): Record<string, string> => ({
  authorization: `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
});

describe('token endpoint', () => {
  it('client_credentials with client_secret_basic answers like Keycloak', async () => {
    const fx = await fixture();
    const res = await post(
      fx,
      { grant_type: 'client_credentials' },
      basic('billing-worker', 'billing-worker-secret'),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'token_type',
      'not-before-policy',
      'scope',
    ]);
    expect(body).toMatchObject({
      expires_in: 300,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    });
    const { payload } = await verify(fx, body.access_token as string);
    expect(payload).toMatchObject({
      azp: 'billing-worker',
      preferred_username: 'service-account-billing-worker',
    });
  });

  it('client_credentials with client_secret_post and an optional scope', async () => {
    const fx = await fixture();
    const res = await post(fx, {
      grant_type: 'client_credentials',
      client_id: 'billing-worker',
      client_secret: 'billing-worker-secret',
      scope: 'orders:read',
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.scope).toBe('profile email orders:read');
  });

  it('rejects bad client credentials with 401 invalid_client', async () => {
    const fx = await fixture();
    const expected = {
      error: 'invalid_client',
      error_description: 'Invalid client or Invalid client credentials',
    };
    for (const res of [
      await post(fx, { grant_type: 'client_credentials' }, basic('billing-worker', 'wrong')),
      await post(fx, { grant_type: 'client_credentials', client_id: 'billing-worker' }),
      await post(fx, { grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'x' }),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(expected);
    }
  });

  it('refuses client_credentials to clients without a service account', async () => {
    const fx = await fixture();
    const publicClient = await post(fx, {
      grant_type: 'client_credentials',
      client_id: 'orders-web',
    });
    expect([publicClient.status, ((await publicClient.json()) as { error: string }).error]).toEqual(
      [401, 'unauthorized_client'],
    );
    const noSa = await post(
      fx,
      { grant_type: 'client_credentials' },
      basic('orders-api', 'orders-api-secret'),
    );
    expect(await noSa.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'Client not enabled to retrieve service account',
    });
  });

  it('password grant returns access, refresh and ID tokens for one session', async () => {
    const fx = await fixture();
    const res = await post(fx, {
      grant_type: 'password',
      client_id: 'orders-web',
      username: 'alice',
      password: 'alice',
      scope: 'openid',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(Object.keys(body)).toEqual([
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'refresh_token',
      'token_type',
      'id_token',
      'not-before-policy',
      'session_state',
      'scope',
    ]);
    expect(body).toMatchObject({
      expires_in: 300,
      refresh_expires_in: 1800,
      token_type: 'Bearer',
      scope: 'openid profile email',
    });
    const access = decode(body.access_token!).payload;
    expect(access.sid).toBe(body.session_state);
    expect(access.jti).toMatch(/^onrtro:/);
    expect(decode(body.refresh_token!).payload).toMatchObject({
      typ: 'Refresh',
      sid: body.session_state,
    });
    expect(decode(body.id_token!).payload).toMatchObject({
      typ: 'ID',
      sid: body.session_state,
      aud: 'orders-web',
    });
    await expect(verify(fx, body.access_token!)).resolves.toBeDefined();
    await expect(verify(fx, body.id_token!)).resolves.toBeDefined();
    const noOpenid = (await (
      await post(fx, {
        grant_type: 'password',
        client_id: 'orders-web',
        username: 'bob',
        password: 'bob',
      })
    ).json()) as Record<string, unknown>;
    expect('id_token' in noOpenid).toBe(false);
  });

  it('omits auth_time from password-grant tokens before 25', async () => {
    const fx = await fixture({ profile: 'kc22' });
    const body = (await (
      await post(fx, {
        grant_type: 'password',
        client_id: 'orders-web',
        username: 'alice',
        password: 'alice',
      })
    ).json()) as Record<string, string>;
    expect('auth_time' in decode(body.access_token!).payload).toBe(false);
  });

  it('answers invalid_grant for bad user credentials: 401, or 400 from kc26_6_2', async () => {
    for (const [profile, status] of [
      ['kc26_2', 401],
      ['kc26_6_2', 400],
    ] as const) {
      const fx = await fixture({ profile });
      const res = await post(fx, {
        grant_type: 'password',
        client_id: 'orders-web',
        username: 'alice',
        password: 'nope',
      });
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid user credentials',
      });
    }
    const disabled = await fixture({}, { users: [{ username: 'dora', enabled: false }] });
    const res = await post(disabled, {
      grant_type: 'password',
      client_id: 'orders-web',
      username: 'dora',
      password: 'dora',
    });
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Account disabled',
    });
  });

  it('rejects missing and unsupported grant types and invalid scopes', async () => {
    const fx = await fixture();
    const missing = await post(fx, {});
    expect([missing.status, await missing.json()]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' },
    ]);
    const unsupported = await post(fx, { grant_type: 'authorization_code' });
    expect([unsupported.status, ((await unsupported.json()) as { error: string }).error]).toEqual([
      400,
      'unsupported_grant_type',
    ]);
    const scope = await post(fx, {
      grant_type: 'password',
      client_id: 'orders-web',
      username: 'alice',
      password: 'alice',
      scope: 'admin:all',
    });
    expect([scope.status, await scope.json()]).toEqual([
      400,
      { error: 'invalid_scope', error_description: 'Invalid scopes: admin:all' },
    ]);
  });
});
