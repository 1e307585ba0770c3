import { Hono, type Context } from 'hono';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AuthError, ConfigurationError, type Principal } from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import {
  realmguard,
  requireRole,
  MAX_VERIFIERS,
  type AuthVariables,
  type OptionalAuthVariables,
} from '../src/index.js';
import { CONTRACT_TIME, describeAdapterContract } from '@realmguard/test-fixtures/adapter-contract';
import { honoServer } from './server.js';

describeAdapterContract('Hono on @hono/node-server', honoServer);

// Hono specifics run in-process: the test realm's fetch handler is the IdP, no port involved.
const kc = createTestKeycloak({ now: () => CONTRACT_TIME });
let realm: TestRealm;
beforeAll(async () => {
  realm = await kc.createRealm();
});
afterAll(() => undefined);

const token = (user = 'alice') => realm.accessToken({ user, client: 'orders-web-mapped' });
const bearer = async (user?: string) => ({ authorization: `Bearer ${await token(user)}` });
const common = { fetch: kc.fetch, now: () => CONTRACT_TIME };
type Bindings = { ISSUER: string; AUDIENCE: string };

describe('Hono specifics', () => {
  it('reads options from c.env and creates one verifier per distinct options, not per request', async () => {
    type AppEnv = { Bindings: Bindings };
    const app = new Hono<AppEnv>();
    app.use(
      realmguard<AppEnv>((c) => ({ issuer: c.env.ISSUER, audience: c.env.AUDIENCE, ...common })),
    );
    app.get('/me', requireRole('default-roles-acme'), (c) =>
      c.json({ user: c.get('auth').username }),
    );
    realm.counters.reset();
    for (const user of ['alice', 'bob', 'alice']) {
      // A new env object per request, as @hono/node-server gives it.
      const env = { ISSUER: realm.issuer, AUDIENCE: 'orders-api' };
      const response = await app.request('/me', { headers: await bearer(user) }, env);
      expect(await response.json()).toEqual({ user });
    }
    expect(realm.counters.get('discovery')).toBe(1);
    expect(realm.counters.get('certs')).toBe(1);

    const other = { ISSUER: realm.issuer, AUDIENCE: 'billing-api' };
    expect((await app.request('/me', { headers: await bearer() }, other)).status).toBe(401);
    expect(realm.counters.get('discovery')).toBe(2);
  });

  it(`keeps at most ${MAX_VERIFIERS} verifiers per guard, dropping the least recently used`, async () => {
    const app = new Hono<{ Bindings: Bindings; Variables: AuthVariables }>();
    app.use(
      realmguard((c: Context<{ Bindings: Bindings }>) => ({
        issuer: c.env.ISSUER,
        audience: c.env.AUDIENCE,
        ...common,
      })),
    );
    app.get('/me', (c) => c.json({ user: c.get('auth').username }));
    realm.counters.reset();
    const headers = await bearer();
    const env = (n: number) => ({
      ISSUER: realm.issuer,
      AUDIENCE: n === 0 ? 'orders-api' : `a${n}`,
    });
    for (let n = 0; n <= MAX_VERIFIERS; n++) await app.request('/me', { headers }, env(n));
    const fetched = realm.counters.get('discovery');
    expect((await app.request('/me', { headers }, env(0))).status).toBe(200);
    expect(realm.counters.get('discovery')).toBe(fetched + 1);
  });

  it('keeps a tenant in use while more than MAX_VERIFIERS others come and go (LRU, not FIFO)', async () => {
    const app = new Hono<{ Bindings: Bindings; Variables: AuthVariables }>();
    app.use(
      realmguard((c: Context<{ Bindings: Bindings }>) => ({
        issuer: c.env.ISSUER,
        audience: c.env.AUDIENCE,
        ...common,
      })),
    );
    app.get('/me', (c) => c.json({ user: c.get('auth').username }));
    realm.counters.reset();
    const headers = await bearer();
    const env = (n: number) => ({
      ISSUER: realm.issuer,
      AUDIENCE: n === 0 ? 'orders-api' : `a${n}`,
    });
    for (let n = 1; n <= MAX_VERIFIERS + 1; n++) {
      expect((await app.request('/me', { headers }, env(0))).status).toBe(200);
      await app.request('/me', { headers }, env(n));
    }
    // One verifier per tenant, each fetching discovery once: tenant 0 was never dropped.
    expect(realm.counters.get('discovery')).toBe(MAX_VERIFIERS + 2);
  });

  it('an onError that throws reaches app.onError with the AuthError', async () => {
    const app = new Hono();
    app.use(
      realmguard(
        { issuer: realm.issuer, audience: 'orders-api', ...common },
        {
          onError(error) {
            throw error;
          },
        },
      ),
    );
    app.get('/admin', requireRole('admin'), (c) => c.text('ok'));
    app.onError((error, c) =>
      error instanceof AuthError
        ? c.json({ handled: error.code }, error.status as 403, error.headers)
        : c.text('bug', 500),
    );
    const response = await app.request('/admin', { headers: await bearer('bob') });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ handled: 'missing_role' });
    expect(response.headers.get('www-authenticate')).toContain('realm="acme"');
  });

  it('requireRole with no realmguard earlier is a configuration error', async () => {
    const app = new Hono();
    let seen: unknown;
    app.get('/admin', requireRole('admin'), (c) => c.text('ok'));
    app.onError((error, c) => {
      seen = error;
      return c.text('configuration', 500);
    });
    expect((await app.request('/admin')).status).toBe(500);
    expect(seen).toBeInstanceOf(ConfigurationError);
  });

  it('keeps headers set by earlier middleware on its error responses', async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      c.header('x-request-id', 'r-1');
      await next();
    });
    app.use(realmguard({ issuer: realm.issuer, audience: 'orders-api', ...common }));
    const response = await app.request('/anything');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="acme"');
  });
});

describe('Hono typing', () => {
  it("types c.get('auth') through the Variables generic and the middleware", () => {
    const options = { issuer: 'https://sso.example.com/realms/acme', audience: 'api' };
    const app = new Hono<{ Variables: AuthVariables }>();
    app.use(realmguard(options));
    app.get('/me', (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<Principal>();
      return c.text('');
    });
    // Without the generic, the middleware types the variable for its own route.
    new Hono().get('/admin', requireRole('admin'), (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<Principal>();
      return c.text('');
    });
    new Hono().get('/maybe', realmguard({ ...options, optional: true }), (c) => {
      expectTypeOf(c.get('auth')).toEqualTypeOf<Principal | undefined>();
      return c.text('');
    });
    expectTypeOf<OptionalAuthVariables['auth']>().toEqualTypeOf<Principal | undefined>();
  });
});
