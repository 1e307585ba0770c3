import { createVerifier, type Verifier } from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Koa from 'koa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backchannelLogout, pushNotBefore, realmguard } from '../src/index.js';

async function serve(verifier: Verifier): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Koa();
  const logout = backchannelLogout(verifier, { clientId: 'orders-web' });
  const push = pushNotBefore(verifier, { clientId: 'orders-api' });
  const guard = realmguard(verifier);
  app.use(async (ctx, next): Promise<void> => {
    if (ctx.path === '/backchannel-logout') await logout(ctx, next);
    else if (ctx.path === '/keycloak/k_push_not_before') await push(ctx, next);
    else {
      await guard(ctx, async () => {
        ctx.body = [];
        await next();
      });
    }
  });
  const listener = app.callback();
  const server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// The revocation receivers of Koa: the test realm POSTs its logout tokens and not-before
// pushes over real HTTP, and the guarded route then refuses the revoked tokens.

let realm: TestRealm;
let verifier: Verifier;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const kc = createTestKeycloak();
  realm = await kc.createRealm();
  verifier = createVerifier({
    issuer: realm.issuer,
    audience: 'orders-api',
    acceptAuthorizedParty: true,
    fetch: kc.fetch,
  });
  ({ url, close } = await serve(verifier));
  realm.client('orders-web').backchannelLogoutUrl = `${url}/backchannel-logout`;
  realm.client('orders-api').adminUrl = `${url}/keycloak`;
});
afterAll(() => close());

const orders = (token: string) =>
  fetch(`${url}/orders`, { headers: { authorization: `Bearer ${token}` } });

describe('Koa backchannelLogout() and pushNotBefore()', () => {
  it('a session logged out in the realm is refused on the guarded route; other sessions are not', async () => {
    const sid = crypto.randomUUID();
    const token = await realm.accessToken({ user: 'alice', client: 'orders-web', sid });
    const other = await realm.accessToken({ user: 'alice', client: 'orders-web' });
    expect((await orders(token)).status).toBe(200);
    realm.sessions.logout(sid);
    const [delivery] = await realm.backchannel.settled();
    expect(delivery).toMatchObject({ kind: 'logout', status: 200 });
    const refused = await orders(token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(((await refused.json()) as { error_description: string }).error_description).toMatch(
      /session .* has ended/,
    );
    expect((await orders(other)).status).toBe(200);
  });

  it('answers an invalid logout token with 400, a JSON error and Cache-Control: no-store', async () => {
    const response = await fetch(`${url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=not-a-jwt',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('a not-before push (text/plain to {Admin URL}/k_push_not_before) refuses older tokens', async () => {
    const token = await realm.accessToken({ user: 'bob', client: 'orders-web' });
    expect((await orders(token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const [delivery] = await realm.pushNotBefore();
    expect(delivery).toMatchObject({ kind: 'push-not-before', status: 204 });
    expect((await orders(token)).status).toBe(401);
    const fresh = await realm.accessToken({ user: 'bob', client: 'orders-web' });
    expect((await orders(fresh)).status).toBe(200);
    await realm.pushNotBefore({ notBefore: 0 });
  });
});
