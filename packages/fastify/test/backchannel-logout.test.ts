/* eslint-disable @typescript-eslint/require-await -- Fastify route handlers are async functions by convention */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '@realmguard/core';
import { createTestKeycloak } from '@realmguard/testing';
import {
  describeReceiverContract,
  type ServeReceivers,
} from '@realmguard/test-fixtures/adapter-contract/receiver-contract';
import { backchannelLogout, pushNotBefore, realmguard } from '../src/index.js';
import { fastify4, listen } from './server.js';

/** The receivers as plugins beside the app-wide realmguard plugin, which they are not behind. */
async function app(createApp: typeof Fastify, verifier: Verifier) {
  const app = createApp();
  await app.register(realmguard, { verifier });
  await app.register(backchannelLogout, {
    verifier,
    clientId: 'orders-web',
    path: '/backchannel-logout',
  });
  await app.register(pushNotBefore, {
    verifier,
    clientId: 'orders-api',
    path: '/keycloak/k_push_not_before',
  });
  app.get('/orders', async () => []);
  return app;
}

const serve =
  (createApp: typeof Fastify): ServeReceivers =>
  async (verifier) =>
    listen(await app(createApp, verifier));

describeReceiverContract('Fastify 5', serve(Fastify));
describeReceiverContract('Fastify 4', serve(fastify4));

/** A test realm and a verifier on its in-process fetch. */
async function realmVerifier() {
  const kc = createTestKeycloak();
  const realm = await kc.createRealm();
  return {
    realm,
    verifier: createVerifier({ issuer: realm.issuer, audience: 'orders-api', fetch: kc.fetch }),
  };
}

describe('Fastify receiver plugins', () => {
  it("keep their body handling to themselves: the app's parsers stay as they were", async () => {
    const { realm, verifier } = await realmVerifier();
    const fastify = Fastify();
    // An app that parses forms itself (as @fastify/formbody does) and has JSON routes.
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    await fastify.register(backchannelLogout, {
      verifier,
      clientId: 'orders-web',
      path: '/backchannel-logout',
    });
    fastify.post('/echo', { config: {} }, async (request) => ({ body: request.body }));
    const json = await fastify.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(json.json()).toEqual({ body: { a: 1 } });
    const form = await fastify.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(form.json()).toEqual({ body: { a: '1' } });
    const logout = await fastify.inject({
      method: 'POST',
      url: '/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `logout_token=${await realm.logoutToken({ user: 'alice', client: 'orders-web' })}`,
    });
    expect(logout.statusCode).toBe(200);
    expect(logout.headers['cache-control']).toBe('no-store');
    expect(logout.body).toBe('');
    await fastify.close();
  });

  it('fail at registration without a clientId', async () => {
    const { verifier } = await realmVerifier();
    const fastify = Fastify();
    await expect(
      fastify.register(pushNotBefore, { verifier, clientId: '', path: '/k_push_not_before' }),
    ).rejects.toThrow(/clientId is required/);
  });
});
