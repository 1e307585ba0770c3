import { describe, expect, it } from 'vitest';
import { basic, decode, fixture, introspect, postForm, verify } from './helpers.js';
import type { Fixture } from './helpers.js';

async function login(fx: Fixture, scope = 'openid'): Promise<Record<string, string>> {
  const res = await postForm(fx, fx.realm.tokenEndpoint, {
    grant_type: 'password',
    client_id: 'orders-web',
    username: 'alice',
    password: 'alice',
    scope,
  });
  return (await res.json()) as Record<string, string>;
}

function refresh(fx: Fixture, refreshToken: string, clientId = 'orders-web'): Promise<Response> {
  return postForm(fx, fx.realm.tokenEndpoint, {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
  });
}

describe('refresh_token grant and token-endpoint sessions', () => {
  it('refreshes into the same session with Keycloak’s response body and new tokens', async () => {
    const fx = await fixture();
    const first = await login(fx);
    fx.clock.advance(60_000);
    const res = await refresh(fx, first.refresh_token!);
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
      session_state: first.session_state,
      scope: 'openid profile email',
    });
    const access = decode(body.access_token!).payload;
    expect(access.sid).toBe(first.session_state);
    expect(access.jti).toMatch(/^onrtrt:/);
    expect(access.iat).toBe((decode(first.access_token!).payload.iat! as number) + 60);
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(decode(body.refresh_token!).payload).toMatchObject({
      typ: 'Refresh',
      azp: 'orders-web',
    });
    await expect(verify(fx, body.access_token!)).resolves.toBeDefined();
    expect((await introspect(fx, body.access_token!)).active).toBe(true);
  });

  it('keeps the old refresh token usable by default; revokeRefreshToken makes it single-use', async () => {
    const fx = await fixture();
    const { refresh_token: rt } = await login(fx);
    expect((await refresh(fx, rt!)).status).toBe(200);
    expect((await refresh(fx, rt!)).status).toBe(200);
    const strict = await fixture({}, { revokeRefreshToken: true });
    const { refresh_token: once } = await login(strict);
    expect((await refresh(strict, once!)).status).toBe(200);
    const reused = await refresh(strict, once!);
    expect([reused.status, await reused.json()]).toEqual([
      400,
      { error: 'invalid_grant', error_description: 'Maximum allowed refresh token reuse exceeded' },
    ]);
  });

  it('answers 400 invalid_grant for garbage, foreign-client, expired and logged-out refresh tokens', async () => {
    const fx = await fixture();
    const { refresh_token: rt, session_state: sid } = await login(fx);
    const error = async (res: Response): Promise<[number, unknown]> => [
      res.status,
      await res.json(),
    ];
    const grant = (description: string) => [
      400,
      { error: 'invalid_grant', error_description: description },
    ];
    expect(await error(await refresh(fx, 'garbage'))).toEqual(grant('Invalid refresh token'));
    const access = await fx.realm.accessToken();
    expect(await error(await refresh(fx, access))).toEqual(grant('Invalid refresh token'));
    expect(await error(await refresh(fx, rt!, 'orders-web-mapped'))).toEqual(
      grant("Invalid refresh token. Token client and authorized client don't match"),
    );
    const missing = await postForm(fx, fx.realm.tokenEndpoint, {
      grant_type: 'refresh_token',
      client_id: 'orders-web',
    });
    expect(await error(missing)).toEqual([
      400,
      { error: 'invalid_request', error_description: 'Missing parameter: refresh_token' },
    ]);
    fx.realm.sessions.logout(sid!);
    expect(await error(await refresh(fx, rt!))).toEqual(grant('Session not active'));
    const { refresh_token: later } = await login(fx);
    fx.clock.advance(1_800_000);
    expect(await error(await refresh(fx, later!))).toEqual(grant('Refresh token expired'));
  });

  it('refreshes offline tokens with refresh_expires_in 0 after the online session logged out', async () => {
    const fx = await fixture();
    const first = await login(fx, 'openid offline_access');
    expect(decode(first.refresh_token!).payload.typ).toBe('Offline');
    fx.realm.sessions.logout(first.session_state!);
    const res = await refresh(fx, first.refresh_token!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.refresh_expires_in).toBe(0);
    expect(decode(body.refresh_token as string).payload.typ).toBe('Offline');
    expect(String(decode(body.access_token as string).payload.jti)).toMatch(/^ofrtrt:/);
  });

  it('password-grant tokens belong to their session: logout and user disabling make them inactive', async () => {
    const fx = await fixture();
    const body = await login(fx);
    for (const token of [body.access_token!, body.refresh_token!]) {
      expect((await introspect(fx, token)).active).toBe(true);
    }
    expect(fx.realm.sessions.list().map((s) => s.id)).toContain(body.session_state);
    fx.realm.sessions.logout(body.session_state!);
    for (const token of [body.access_token!, body.refresh_token!]) {
      expect(await introspect(fx, token)).toEqual({ active: false });
    }
    const cc = (await (
      await postForm(
        fx,
        fx.realm.tokenEndpoint,
        { grant_type: 'client_credentials' },
        basic('billing-worker', 'billing-worker-secret'),
      )
    ).json()) as Record<string, string>;
    expect((await introspect(fx, cc.access_token!)).active).toBe(true);
  });
});
