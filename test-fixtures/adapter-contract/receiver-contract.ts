/**
 * The revocation receivers of one adapter over real HTTP, with the test realm as the sender:
 * Keycloak's back-channel logout (POST, form body) and its not-before push (POST, text/plain),
 * then the guarded route refusing the revoked tokens. Every adapter answers the same.
 *
 * @example
 * ```ts
 * describeReceiverContract('Express 5', async (verifier) => serveNode(expressReceivers(verifier)));
 * ```
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import type { ContractServer } from './contract.js';

/**
 * Serves, on 127.0.0.1, an app with three routes over `verifier`: `POST /backchannel-logout`
 * (the adapter's back-channel logout receiver, clientId `orders-web`), `POST
 * /keycloak/k_push_not_before` (its not-before push receiver, clientId `orders-api`) and `GET
 * /orders` behind the adapter's guard (any 200 answer).
 */
export type ServeReceivers = (verifier: Verifier) => Promise<ContractServer>;

const FORM = 'application/x-www-form-urlencoded';

/** The realm, a verifier on its in-process fetch, and the app served, per suite. */
interface ReceiverFixture {
  realm: TestRealm;
  verifier: Verifier;
  server: ContractServer;
}

/**
 * Declares the receiver cases for one adapter.
 *
 * @example
 * ```ts
 * describeReceiverContract('Fastify 5', (verifier) => fastifyReceivers(Fastify, verifier));
 * ```
 */
export function describeReceiverContract(name: string, serve: ServeReceivers): void {
  describe(`${name} backchannelLogout and pushNotBefore over HTTP`, () => {
    let fx: ReceiverFixture;
    beforeAll(async () => {
      const kc = createTestKeycloak();
      const realm = await kc.createRealm();
      const verifier = createVerifier({
        issuer: realm.issuer,
        audience: 'orders-api',
        acceptAuthorizedParty: true,
        fetch: kc.fetch,
      });
      const server = await serve(verifier);
      realm.client('orders-web').backchannelLogoutUrl = `${server.url}/backchannel-logout`;
      realm.client('orders-api').adminUrl = `${server.url}/keycloak`;
      fx = { realm, verifier, server };
    });
    afterAll(() => fx?.server.close());

    const orders = (token: string) =>
      fetch(`${fx.server.url}/orders`, { headers: { authorization: `Bearer ${token}` } });
    const post = (path: string, contentType: string, body: string) =>
      fetch(`${fx.server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });

    it('a session the realm logs out is refused on the guarded route; other sessions are not', async () => {
      const sid = crypto.randomUUID();
      const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web', sid });
      const other = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
      expect((await orders(token)).status).toBe(200);
      fx.realm.sessions.logout(sid);
      const [delivery] = await fx.realm.backchannel.settled();
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
      const response = await post('/backchannel-logout', FORM, 'logout_token=not-a-jwt');
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    });

    it('answers a body that is not a form with 400 invalid_request (never 415)', async () => {
      const token = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web' });
      const response = await post(
        '/backchannel-logout',
        'application/json',
        JSON.stringify({ logout_token: token }),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: `The request must be ${FORM}`,
      });
    });

    it('refuses a logout body over 64 KiB with 400, and a replayed logout token', async () => {
      const large = await post('/backchannel-logout', FORM, `logout_token=${'x'.repeat(70_000)}`);
      expect(large.status).toBe(400);
      const token = await fx.realm.logoutToken({ user: 'bob', client: 'orders-web' });
      const body = new URLSearchParams({ logout_token: token }).toString();
      expect((await post('/backchannel-logout', FORM, body)).status).toBe(200);
      const replay = await post('/backchannel-logout', FORM, body);
      expect(replay.status).toBe(400);
      expect(await replay.json()).toMatchObject({
        error_description: 'The logout token was already used',
      });
    });

    it('a not-before push (text/plain to {Admin URL}/k_push_not_before) refuses older tokens', async () => {
      const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web' });
      expect((await orders(token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      try {
        const [delivery] = await fx.realm.pushNotBefore();
        expect(delivery).toMatchObject({ kind: 'push-not-before', status: 204 });
        expect((await orders(token)).status).toBe(401);
        const fresh = await fx.realm.accessToken({ user: 'bob', client: 'orders-web' });
        expect((await orders(fresh)).status).toBe(200);
      } finally {
        await fx.realm.pushNotBefore({ notBefore: 0 });
      }
    });

    it('answers a not-before push that is not signed by the realm with 400', async () => {
      const response = await post('/keycloak/k_push_not_before', 'text/plain', 'not-a-jws');
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    });
  });
}
