import { createVerifier, type Verifier } from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve as serveHono } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { backchannelLogout, pushNotBefore, realmguard } from '../src/index.js';

async function serve(verifier: Verifier): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono();
  app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
  app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
  app.get('/orders', realmguard(verifier), (c) => c.json([]));
  return new Promise((resolve) => {
    const server = serveHono(
      { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () => new Promise((done) => server.close(() => done())),
        }),
    );
  });
}

// The revocation receivers of Hono: the test realm POSTs its logout tokens and not-before
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

describe('Hono backchannelLogout() and pushNotBefore()', () => {
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
