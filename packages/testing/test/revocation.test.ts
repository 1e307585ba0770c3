import { describe, expect, it } from 'vitest';
import { basic, fixture, introspect, postForm } from './helpers.js';
import type { Fixture } from './helpers.js';

function revoke(
  fx: Fixture,
  form: Record<string, string> | URLSearchParams,
  headers: Record<string, string> = {},
): Promise<Response> {
  return postForm(fx, fx.realm.revocationEndpoint, form, headers);
}

describe('token revocation (RFC 7009)', () => {
  it('revokes an access token with 200 and an empty body; introspection then says inactive', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'bob' });
    const res = await revoke(fx, { token, client_id: 'orders-web' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(res.headers.get('content-type')).toBeNull();
    expect(await introspect(fx, token)).toEqual({ active: false });
    expect(fx.realm.revocationEndpoint).toBe(
      `${fx.realm.backendUrl}/protocol/openid-connect/revoke`,
    );
  });

  it('revoking a refresh token ends its session, so its access tokens go inactive', async () => {
    const fx = await fixture();
    const access = await fx.realm.accessToken({ user: 'alice', client: 'orders-api', sid: 's-3' });
    const refresh = await fx.realm.refreshToken({
      user: 'alice',
      client: 'orders-api',
      sid: 's-3',
    });
    const res = await revoke(fx, { token: refresh }, basic('orders-api', 'orders-api-secret'));
    expect(res.status).toBe(200);
    expect(await introspect(fx, access)).toEqual({ active: false });
    expect(await introspect(fx, refresh)).toEqual({ active: false });
    expect(fx.realm.sessions.isActive('s-3')).toBe(false);
  });

  it('answers like Keycloak’s TokenRevocationEndpoint for bad requests', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web' });
    const answer = async (res: Response): Promise<[number, unknown]> => [
      res.status,
      await res.json(),
    ];
    expect(await answer(await revoke(fx, { token: 'garbage', client_id: 'orders-web' }))).toEqual([
      200,
      { error: 'invalid_token', error_description: 'Invalid token' },
    ]);
    expect(await answer(await revoke(fx, { token, client_id: 'orders-web-mapped' }))).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Unmatching clients' },
    ]);
    expect(await answer(await revoke(fx, { client_id: 'orders-web' }))).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Token not provided' },
    ]);
    expect(await answer(await revoke(fx, { token }, basic('orders-api', 'bad')))).toEqual([
      401,
      {
        error: 'invalid_client',
        error_description: 'Invalid client or Invalid client credentials',
      },
    ]);
    const idToken = await fx.realm.idToken({ client: 'orders-web' });
    expect(await answer(await revoke(fx, { token: idToken, client_id: 'orders-web' }))).toEqual([
      400,
      { error: 'unsupported_token_type', error_description: 'Unsupported token type' },
    ]);
    expect((await introspect(fx, token)).active).toBe(true);
  });

  it('revokes an expired but genuine token (no lifetime check, as Keycloak decodes)', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ lifetime: 1 });
    fx.clock.advance(5_000);
    const res = await revoke(fx, { token, client_id: 'orders-web' });
    expect([res.status, await res.text()]).toEqual([200, '']);
  });
});
