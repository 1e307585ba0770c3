import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backchannelLogout, handleBackchannelLogout, type Verifier } from '../src/index.js';
import { startRealm, type RealmFixture } from './helpers.js';

// OpenID Connect Back-Channel Logout 1.0 §2.4/§2.6 as Keycloak sends it (KEYCLOAK.md): the realm
// mints logout tokens with header typ logout+jwt, payload typ Logout, sid and sub, exp = iat + 120.
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let fx: RealmFixture;
let verifier: Verifier;
let logout: (request: Request) => Promise<Response>;

beforeAll(async () => {
  fx = await startRealm();
  verifier = fx.verifier({ audience: 'orders-api', acceptAuthorizedParty: true });
  logout = backchannelLogout(verifier, { clientId: 'orders-web' });
});
afterAll(() => fx.close());

const post = (body: string, contentType = 'application/x-www-form-urlencoded'): Request =>
  new Request('http://api.test/backchannel-logout', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
const form = (token: string): string => new URLSearchParams({ logout_token: token }).toString();

async function rejected(token: string): Promise<string> {
  const response = await logout(post(form(token)));
  expect(response.status).toBe(400);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe('invalid_request');
  expect(body.error_description).not.toContain(token);
  return body.error_description;
}

describe('back-channel logout receiver (OIDC Back-Channel Logout 1.0 §2.6)', () => {
  it('accepts a Keycloak logout token with 200, an empty body and Cache-Control: no-store', async () => {
    const token = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web' });
    const response = await logout(post(form(token)));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
  });

  it('refuses a replayed jti with 400', async () => {
    const token = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web' });
    expect((await logout(post(form(token)))).status).toBe(200);
    expect(await rejected(token)).toMatch(/already used/);
  });

  it('requires the header typ logout+jwt (application/logout+jwt also accepted)', async () => {
    const claims = { iss: fx.realm.issuer, aud: 'orders-web', iat: now(), exp: now() + 120 };
    const base = { ...claims, jti: 'j-typ', sid: 's-typ', events: { [EVENT]: {} } };
    expect(await rejected(await fx.realm.sign({ alg: 'RS256', typ: 'JWT' }, base))).toMatch(
      /header type/,
    );
    expect(await rejected(await fx.realm.sign({ alg: 'RS256' }, base))).toMatch(/header type/);
    const typed = await fx.realm.sign(
      { alg: 'RS256', typ: 'application/logout+jwt', kid: activeKid() },
      { ...base, jti: 'j-typ-2' },
    );
    expect((await logout(post(form(typed)))).status).toBe(200);
  });

  it('requires a signature by the issuer keys', async () => {
    const token = await fx.realm.logoutToken({ client: 'orders-web' });
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    expect(await rejected(`${h}.${p}.${flipped}`)).toMatch(/signature is invalid|unknown key/);
    const hmac = await fx.realm.sign(
      { alg: 'HS256', typ: 'logout+jwt' },
      {
        iss: fx.realm.issuer,
        aud: 'orders-web',
        iat: now(),
        jti: 'h',
        sid: 's',
        events: { [EVENT]: {} },
      },
    );
    expect(await rejected(hmac)).toMatch(/algorithm/);
    expect(
      await rejected(
        await fx.realm.sign({ alg: 'none', typ: 'logout+jwt' }, { iss: fx.realm.issuer }),
      ),
    ).toMatch(/algorithm/);
  });

  it('checks iss against the trusted issuers and aud against the client id', async () => {
    expect(
      await rejected(
        await fx.realm.logoutToken({
          client: 'orders-web',
          claims: { iss: 'https://evil.test/realms/acme' },
        }),
      ),
    ).toMatch(/issuer/);
    expect(await rejected(await fx.realm.logoutToken({ client: 'orders-web-mapped' }))).toMatch(
      /aud/,
    );
    const both = await fx.realm.logoutToken({
      client: 'orders-web',
      claims: { aud: ['x', 'orders-web'] },
    });
    expect((await logout(post(form(both)))).status).toBe(200);
  });

  it('checks iat within the clock tolerance and exp when present, and the age without exp', async () => {
    expect(
      await rejected(
        await fx.realm.logoutToken({ client: 'orders-web', claims: { iat: now() + 60 } }),
      ),
    ).toMatch(/future/);
    expect(
      await rejected(
        await fx.realm.logoutToken({ client: 'orders-web', claims: { exp: now() - 1 } }),
      ),
    ).toMatch(/expired/);
    expect(
      await rejected(
        await fx.realm.logoutToken({ client: 'orders-web', claims: { iat: undefined } }),
      ),
    ).toMatch(/iat/);
    // Keycloak before 23.0.4 sent no exp: accepted while at most two minutes old.
    const fresh = await fx.realm.logoutToken({ client: 'orders-web', claims: { exp: undefined } });
    expect((await logout(post(form(fresh)))).status).toBe(200);
    const stale = await fx.realm.logoutToken({
      client: 'orders-web',
      claims: { exp: undefined, iat: now() - 600 },
    });
    expect(await rejected(stale)).toMatch(/too old/);
  });

  it('requires the back-channel logout event, sid and/or sub, a jti, and no nonce', async () => {
    const mint = (claims: Record<string, unknown>) =>
      fx.realm.logoutToken({ client: 'orders-web', claims });
    expect(await rejected(await mint({ events: undefined }))).toMatch(/event/);
    expect(await rejected(await mint({ events: { other: {} } }))).toMatch(/event/);
    expect(await rejected(await mint({ events: { [EVENT]: 'yes' } }))).toMatch(/event/);
    expect(await rejected(await mint({ sid: undefined, sub: undefined }))).toMatch(/neither/);
    expect(await rejected(await mint({ nonce: 'n-1' }))).toMatch(/nonce/);
    expect(await rejected(await mint({ jti: undefined }))).toMatch(/jti/);
    expect(await rejected(await mint({ typ: 'ID' }))).toMatch(/not a logout token/);
    const subOnly = await mint({ sid: undefined });
    expect((await logout(post(form(subOnly)))).status).toBe(200);
  });

  it('refuses an ID or access token posted as a logout token', async () => {
    expect(await rejected(await fx.realm.idToken({ client: 'orders-web' }))).toMatch(/header type/);
    expect(await rejected(await fx.realm.accessToken({ client: 'orders-web' }))).toMatch(
      /header type/,
    );
  });

  it('answers 400 for a missing, repeated or non-form logout_token, and 405 for GET', async () => {
    expect((await logout(post(''))).status).toBe(400);
    const token = await fx.realm.logoutToken({ client: 'orders-web' });
    expect((await logout(post(`${form(token)}&${form(token)}`))).status).toBe(400);
    expect(
      (await logout(post(JSON.stringify({ logout_token: token }), 'application/json'))).status,
    ).toBe(400);
    expect((await logout(post('logout_token=not.a.jwt'))).status).toBe(400);
    const get = await logout(new Request('http://api.test/backchannel-logout'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('refuses a body larger than 64 KiB without reading it all', async () => {
    const response = await logout(post(`logout_token=${'a'.repeat(70_000)}`));
    expect(response.status).toBe(400);
  });

  it('handleBackchannelLogout takes a parsed body, as adapters pass it', async () => {
    const token = await fx.realm.logoutToken({ client: 'orders-web' });
    const answer = await handleBackchannelLogout(
      verifier,
      { clientId: 'orders-web' },
      { logout_token: token },
    );
    expect(answer).toEqual({
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: undefined,
    });
    const again = await handleBackchannelLogout(
      verifier,
      { clientId: 'orders-web' },
      { logout_token: [token, token] },
    );
    expect(again.status).toBe(400);
  });

  it('answers 503 with Retry-After when the issuer keys cannot be fetched (not a 400 that blames the token)', async () => {
    const cold = fx.verifier({ audience: 'orders-api', timeout: 500 });
    fx.realm.faults.set('certs', { type: 'refuse' });
    try {
      const token = await fx.realm.logoutToken({ client: 'orders-web' });
      const answer = await handleBackchannelLogout(cold, { clientId: 'orders-web' }, form(token));
      expect(answer.status).toBe(503);
      expect(answer.headers).toMatchObject({ 'cache-control': 'no-store', 'retry-after': '5' });
      expect(answer.body?.error).toBe('temporarily_unavailable');
    } finally {
      fx.realm.faults.clear();
    }
  });

  it('fails fast without a clientId or with something other than a verifier', () => {
    expect(() => backchannelLogout(verifier, { clientId: '' })).toThrow(/clientId is required/);
    expect(() => backchannelLogout({} as Verifier, { clientId: 'x' })).toThrow(/createVerifier/);
  });
});

function now(): number {
  return Math.floor(fx.clock.now() / 1000);
}

function activeKid(): string {
  const key = fx.realm.keys.jwks().keys.find((k) => k.use === 'sig');
  return key!.kid!;
}
