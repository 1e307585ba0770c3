import { describe, expect, it } from 'vitest';
import { fixture, postForm, tamperSignature, userinfo } from './helpers.js';
import type { Fixture } from './helpers.js';

async function challenge(res: Response): Promise<[number, string | null, string]> {
  return [res.status, res.headers.get('www-authenticate'), await res.text()];
}

const failed = (realm = 'acme'): string =>
  `Bearer realm="${realm}", error="invalid_token", error_description="Token verification failed"`;

async function get(fx: Fixture, token: string): Promise<[number, string | null, string]> {
  return challenge(await userinfo(fx, token));
}

describe('userinfo', () => {
  it('returns sub and the profile/email claims of a token with openid', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'alice', scope: 'openid' });
    const res = await userinfo(fx, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      sub: fx.realm.user('alice').id,
      email_verified: true,
      name: 'Alice Anderson',
      preferred_username: 'alice',
      given_name: 'Alice',
      family_name: 'Anderson',
      email: 'alice@acme.test',
    });
    expect(Object.keys(body)[0]).toBe('sub');
    expect('realm_access' in body).toBe(false);
  });

  it('follows the client scopes: no email claims when the client lacks the email scope', async () => {
    const fx = await fixture(
      {},
      {
        clients: [{ clientId: 'web', publicClient: true, defaultScopes: ['profile', 'basic'] }],
      },
    );
    const res = await userinfo(fx, await fx.realm.accessToken({ user: 'bob', scope: 'openid' }));
    expect(await res.json()).toEqual({
      sub: fx.realm.user('bob').id,
      name: 'Bob Brown',
      preferred_username: 'bob',
      given_name: 'Bob',
      family_name: 'Brown',
    });
  });

  it('accepts POST with the header or with the access_token form field', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'bob', scope: 'openid' });
    const viaForm = await postForm(fx, fx.realm.userinfoEndpoint, { access_token: token });
    expect(viaForm.status).toBe(200);
    expect(((await viaForm.json()) as { preferred_username: string }).preferred_username).toBe(
      'bob',
    );
    const viaHeader = await fx.kc.fetch(fx.realm.userinfoEndpoint, {
      method: 'POST',
      headers: { authorization: `bearer ${token}` },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('answers 401 with only WWW-Authenticate: Bearer realm="acme" when no token is sent', async () => {
    const fx = await fixture();
    expect(await challenge(await fx.kc.fetch(fx.realm.userinfoEndpoint))).toEqual([
      401,
      'Bearer realm="acme"',
      '',
    ]);
    expect(await get(fx, '')).toEqual([401, 'Bearer realm="acme"', '']);
    const basicOnly = await fx.kc.fetch(fx.realm.userinfoEndpoint, {
      headers: { authorization: 'Basic YTpi' },
    });
    expect(await challenge(basicOnly)).toEqual([401, 'Bearer realm="acme"', '']);
  });

  it('answers 401 invalid_token "Token verification failed" for bad, expired, revoked and non-Bearer tokens', async () => {
    const fx = await fixture();
    const good = await fx.realm.accessToken({ scope: 'openid' });
    const revoked = await fx.realm.accessToken({ scope: 'openid' });
    fx.realm.revoke(revoked);
    const res = await userinfo(fx, 'garbage');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    for (const token of [
      'garbage',
      tamperSignature(good),
      revoked,
      await fx.realm.adversarial.expired(1, { scope: 'openid' }),
      await fx.realm.refreshToken({ scope: 'openid' }),
      await fx.realm.idToken(),
      await fx.realm.opaqueToken({ scope: 'openid' }),
      await fx.realm.adversarial.dpopBound({ scope: 'openid' }),
    ]) {
      expect(await get(fx, token)).toEqual([401, failed(), '']);
    }
    expect((await userinfo(fx, good)).status).toBe(200);
  });

  it('answers 403 insufficient_scope "Missing openid scope" without openid (Keycloak 20+)', async () => {
    const fx = await fixture();
    expect(await get(fx, await fx.realm.accessToken({ user: 'alice' }))).toEqual([
      403,
      'Bearer realm="acme", error="insufficient_scope", error_description="Missing openid scope"',
      '',
    ]);
  });

  it('answers 401 invalid_token after logout, with the description of the profile', async () => {
    for (const [profile, description] of [
      ['kc25', "User session not found or doesn't have client attached on it"],
      ['kc26_2', 'user_session_not_found'],
    ] as const) {
      const fx = await fixture({ profile });
      const token = await fx.realm.accessToken({ scope: 'openid', sid: 's-9' });
      expect((await userinfo(fx, token)).status).toBe(200);
      fx.realm.sessions.logout('s-9');
      expect(await get(fx, token)).toEqual([
        401,
        `Bearer realm="acme", error="invalid_token", error_description="${description}"`,
        '',
      ]);
    }
  });

  it('answers 401 invalid_token User disabled / Client disabled', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ user: 'bob', scope: 'openid' });
    fx.realm.setUserEnabled('bob', false);
    expect((await get(fx, token))[1]).toBe(
      'Bearer realm="acme", error="invalid_token", error_description="User disabled"',
    );
    fx.realm.setUserEnabled('bob', true);
    fx.realm.setClientEnabled('orders-web', false);
    expect(await get(fx, token)).toEqual([
      401,
      'Bearer realm="acme", error="invalid_token", error_description="Client disabled"',
      '',
    ]);
  });

  it('answers 400 invalid_request for two token methods or a duplicated access_token', async () => {
    const fx = await fixture();
    const token = await fx.realm.accessToken({ scope: 'openid' });
    const both = await postForm(
      fx,
      fx.realm.userinfoEndpoint,
      { access_token: token },
      { authorization: `Bearer ${token}` },
    );
    expect(await challenge(both)).toEqual([
      400,
      'Bearer realm="acme", error="invalid_request", error_description="More than one method used for including an access token"',
      '',
    ]);
    const twice = await postForm(
      fx,
      fx.realm.userinfoEndpoint,
      new URLSearchParams([
        ['access_token', token],
        ['access_token', token],
      ]),
    );
    expect(await challenge(twice)).toEqual([
      400,
      'Bearer realm="acme", error="invalid_request", error_description="Duplicate parameter"',
      '',
    ]);
  });

  it('refuses lightweight tokens with 401 only on kc26_6_2, unless allowed', async () => {
    const old = await fixture({ profile: 'kc26_2' });
    const light = await old.realm.accessToken({
      user: 'alice',
      scope: 'openid',
      lightweight: true,
    });
    const res = await userinfo(old, light);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { sub: string }).sub).toBe(old.realm.user('alice').id);
    const fx = await fixture({ profile: 'kc26_6_2' });
    const token = await fx.realm.accessToken({ user: 'alice', scope: 'openid', lightweight: true });
    expect(await get(fx, token)).toEqual([401, failed(), '']);
    expect((await userinfo(fx, await fx.realm.accessToken({ scope: 'openid' }))).status).toBe(200);
    const allowed = await fixture(
      { profile: 'kc26_6_2' },
      { allowUserinfoWithLightweightAccessToken: true },
    );
    const t2 = await allowed.realm.accessToken({ scope: 'openid', lightweight: true });
    expect((await userinfo(allowed, t2)).status).toBe(200);
  });

  it('answers for service-account tokens through a transient session', async () => {
    const fx = await fixture();
    const token = await fx.realm.serviceAccountToken({ client: 'billing-worker', scope: 'openid' });
    const res = await userinfo(fx, token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sub: fx.realm.client('billing-worker').serviceAccount.id,
      email_verified: false,
      preferred_username: 'service-account-billing-worker',
    });
  });
});
