/* eslint-disable @typescript-eslint/require-await -- Fastify route handlers are async functions by convention */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AuthError,
  ConfigurationError,
  createVerifier,
  type Principal,
  type Verifier,
} from '@realmguard/core';
import realmguardDefault, {
  authenticate,
  fromKeycloakJson,
  realmguard,
  requireRole,
  requireScope,
} from '../src/index.js';
import {
  describeAdapterContract,
  startContractRealm,
  type ContractRealm,
} from '@realmguard/test-fixtures/adapter-contract';
import { fastify4, fastifyServer } from './server.js';

describeAdapterContract('Fastify 5', fastifyServer(Fastify));
describeAdapterContract('Fastify 4', fastifyServer(fastify4));

let fx: ContractRealm;
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(() => fx.close());

const token = (user = 'alice', scope?: string) =>
  fx.realm.accessToken({ user, client: 'orders-web-mapped', scope });
const bearer = async (user = 'alice') => ({ authorization: `Bearer ${await token(user)}` });

/** A verifier whose `authenticate` calls are counted (the slow path). */
function countingVerifier(): { verifier: Verifier; slow: { count: number } } {
  const inner = createVerifier(fx.verifierOptions());
  const slow = { count: 0 };
  const verifier: Verifier = {
    ...inner,
    authenticate: (request) => {
      slow.count += 1;
      return inner.authenticate(request);
    },
  };
  return { verifier, slow };
}

for (const [version, createApp] of [
  ['Fastify 4', fastify4],
  ['Fastify 5', Fastify],
] as const) {
  describe(`${version} specifics`, () => {
    let app: FastifyInstance;
    beforeAll(() => {
      app = createApp();
    });
    afterAll(() => app.close());

    it("onError: 'throw' hands the AuthError, with its statusCode, to setErrorHandler", async () => {
      app = createApp();
      await app.register(realmguard, { ...fx.verifierOptions(), onError: 'throw' });
      app.setErrorHandler((error: FastifyError, _request, reply) => {
        void reply.code(error.statusCode ?? 500).send({
          code: (error as unknown as AuthError).code,
          isAuthError: error instanceof AuthError,
        });
      });
      app.get('/admin', { preHandler: requireRole('admin') }, async () => ({}));
      const missing = await app.inject({ url: '/admin' });
      expect(missing.statusCode).toBe(401);
      expect(missing.json()).toEqual({ code: 'missing_token', isAuthError: true });
      const denied = await app.inject({ url: '/admin', headers: await bearer('bob') });
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toEqual({ code: 'missing_role', isAuthError: true });
    });

    it("onError: 'throw' without an error handler: Fastify's default reply keeps status and WWW-Authenticate", async () => {
      app = createApp();
      await app.register(realmguard, { ...fx.verifierOptions(), onError: 'throw' });
      app.get('/me', async () => ({}));
      const response = await app.inject({ url: '/me', headers: { authorization: 'Bearer a b' } });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(402);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="acme", error=/);
    });

    it('an onError that throws reaches the error handler', async () => {
      app = createApp();
      await app.register(realmguard, {
        ...fx.verifierOptions(),
        onError: () => {
          throw new Error('renderer failed');
        },
      });
      app.setErrorHandler((error: Error, _request, reply) => {
        void reply.code(418).send({ message: error.message });
      });
      app.get('/me', async () => ({}));
      const response = await app.inject({ url: '/me' });
      expect(response.statusCode).toBe(418);
      expect(response.json()).toEqual({ message: 'renderer failed' });
    });

    it('a requireX without the plugin is a wiring mistake (500 ConfigurationError), not a 401', async () => {
      app = createApp();
      let seen: unknown;
      app.setErrorHandler((error, _request, reply) => {
        seen = error;
        void reply.code(500).send({});
      });
      app.get('/admin', { preHandler: requireRole('admin') }, async () => ({}));
      const response = await app.inject({ url: '/admin', headers: await bearer() });
      expect(response.statusCode).toBe(500);
      expect(seen).toBeInstanceOf(ConfigurationError);
    });

    it('answers repeated tokens from verifier.cached(), without the slow path', async () => {
      const { verifier, slow } = countingVerifier();
      app = createApp();
      await app.register(realmguard, { verifier });
      app.get('/me', async (request) => ({ user: request.auth?.username }));
      const headers = await bearer();
      for (let i = 0; i < 3; i++) {
        expect((await app.inject({ url: '/me', headers })).json()).toEqual({ user: 'alice' });
      }
      expect(slow.count).toBe(1);
    });

    it('global: false authenticates only the routes that ask, with authenticate or a requireX', async () => {
      const { verifier } = countingVerifier();
      app = createApp();
      await app.register(realmguard, { verifier, global: false });
      app.get('/public', async (request) => ({ user: request.auth?.username ?? null }));
      app.get('/me', { onRequest: authenticate }, async (request) => ({
        user: request.auth?.username,
      }));
      app.get('/scope', { preHandler: requireScope('orders:read') }, async () => ({}));
      expect((await app.inject({ url: '/public', headers: await bearer() })).json()).toEqual({
        user: null,
      });
      expect((await app.inject({ url: '/me' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/me', headers: await bearer() })).json()).toEqual({
        user: 'alice',
      });
      const scoped = await app.inject({ url: '/scope', headers: await bearer() });
      expect(scoped.statusCode).toBe(403);
      expect(scoped.headers['www-authenticate']).toContain('scope="orders:read"');
    });

    it('registers in encapsulated contexts: one verifier shared by a required and an optional context', async () => {
      const verifier = createVerifier(fx.verifierOptions());
      app = createApp();
      await app.register(async (api) => {
        await api.register(realmguard, { verifier });
        api.get('/api/me', async (request) => ({ user: request.auth?.username }));
      });
      await app.register(async (site) => {
        await site.register(realmguardDefault, { verifier, optional: true });
        site.get('/site', async (request) => ({ user: request.auth?.username ?? null }));
      });
      app.get('/health', async (request) => ({ user: request.auth?.username ?? null }));
      expect((await app.inject({ url: '/api/me' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/site' })).json()).toEqual({ user: null });
      expect((await app.inject({ url: '/site', headers: await bearer() })).json()).toEqual({
        user: 'alice',
      });
      expect((await app.inject({ url: '/health', headers: await bearer() })).json()).toEqual({
        user: null,
      });
    });

    it("leaves Fastify's validation, serialization and reply flow alone", async () => {
      app = createApp();
      await app.register(realmguard, fx.verifierOptions());
      app.get(
        '/orders',
        {
          schema: {
            querystring: {
              type: 'object',
              properties: { limit: { type: 'integer' } },
              required: ['limit'],
            },
            response: { 200: { type: 'object', properties: { limit: { type: 'integer' } } } },
          },
        },
        async (request) => ({ ...(request.query as object), secret: 'not serialized' }),
      );
      const headers = await bearer();
      const ok = await app.inject({ url: '/orders?limit=5', headers });
      expect(ok.json()).toEqual({ limit: 5 });
      expect((await app.inject({ url: '/orders', headers })).statusCode).toBe(400);
      // Authentication comes first: no token is a 401 before any validation.
      expect((await app.inject({ url: '/orders' })).statusCode).toBe(401);
    });

    it('reads a token from a form body (bodyToken) after Fastify parsed it', async () => {
      app = createApp();
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) =>
          done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );
      await app.register(realmguard, {
        ...fx.verifierOptions(),
        bodyToken: true,
        queryToken: true,
      });
      app.post('/me', async (request) => ({ user: request.auth?.username }));
      const form = await app.inject({
        method: 'POST',
        url: '/me',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `access_token=${await token()}`,
      });
      expect(form.json()).toEqual({ user: 'alice' });
      const query = await app.inject({ method: 'POST', url: `/me?access_token=${await token()}` });
      expect(query.json()).toEqual({ user: 'alice' });
    });
  });
}

describe('Fastify typing and keycloak.json', () => {
  it('types request.auth as an optional Principal', () => {
    const app = Fastify();
    app.get('/me', async (request) => {
      expectTypeOf(request.auth).toEqualTypeOf<Principal | undefined>();
      return {};
    });
  });

  it('reads keycloak.json from a path, and fails clearly when it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realmguard-fastify-'));
    const file = join(dir, 'keycloak.json');
    const url = new URL(fx.verifierOptions().issuer as string);
    writeFileSync(
      file,
      JSON.stringify({ realm: 'acme', 'auth-server-url': url.origin, resource: 'orders-api' }),
    );
    const app = Fastify();
    await app.register(realmguard, { ...fromKeycloakJson(file), now: fx.verifierOptions().now });
    app.get('/me', async (request) => ({ user: request.auth?.username }));
    expect((await app.inject({ url: '/me', headers: await bearer() })).json()).toEqual({
      user: 'alice',
    });
    await app.close();
    expect(() => fromKeycloakJson(join(dir, 'missing.json'))).toThrow(ConfigurationError);
    writeFileSync(file, '{ not json');
    expect(() => fromKeycloakJson(file)).toThrow(/cannot read keycloak.json/);
  });
});
