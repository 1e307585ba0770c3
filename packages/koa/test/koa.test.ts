import Koa from 'koa';
import Koa2 from 'koa2';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AuthError, ConfigurationError, type Principal } from '@realmguard/core';
import { realmguard, requireRole, type AuthContext, type AuthState } from '../src/index.js';
import {
  describeAdapterContract,
  serveNode,
  startContractRealm,
  type ContractRealm,
  type ContractServer,
} from '@realmguard/test-fixtures/adapter-contract';
import { koaServers } from './server.js';

for (const [name, makeServer] of Object.entries(koaServers))
  describeAdapterContract(name, makeServer);

let fx: ContractRealm;
const servers: ContractServer[] = [];
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await fx.close();
});

const token = (user = 'alice') => fx.realm.accessToken({ user, client: 'orders-web-mapped' });
async function serve(app: Koa<AuthState>): Promise<string> {
  const listener = app.callback();
  const server = await serveNode((req, res) => void listener(req, res));
  servers.push(server);
  return server.url;
}

for (const [version, KoaApp] of [
  ['Koa 2', Koa2],
  ['Koa 3', Koa],
] as const) {
  describe(`${version} specifics`, () => {
    it('an onError that throws hands the AuthError to error-handling middleware upstream', async () => {
      const app = new KoaApp<AuthState>();
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          ctx.status = error.status;
          ctx.set(error.headers);
          ctx.body = { handledUpstream: error.code };
        }
      });
      app.use(
        realmguard(fx.verifierOptions(), {
          onError(error) {
            throw error;
          },
        }),
      );
      app.use(requireRole('admin'));
      const url = await serve(app);
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${await token('bob')}` },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
      expect(await response.json()).toEqual({ handledUpstream: 'missing_role' });
    });

    it('requireRole alone, with no realmguard earlier, is a configuration error', async () => {
      const app = new KoaApp<AuthState>();
      const errors: unknown[] = [];
      app.silent = true;
      app.on('error', (error) => errors.push(error));
      app.use(requireRole('admin'));
      const response = await fetch(await serve(app));
      expect(response.status).toBe(500);
      expect(errors[0]).toBeInstanceOf(ConfigurationError);
    });

    it('does not catch errors of later middleware', async () => {
      const app = new KoaApp<AuthState>();
      const errors: unknown[] = [];
      app.silent = true;
      app.on('error', (error) => errors.push(error));
      app.use(realmguard(fx.verifierOptions()));
      app.use(() => {
        throw new RangeError('handler bug');
      });
      const response = await fetch(await serve(app), {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(response.status).toBe(500);
      expect(errors[0]).toBeInstanceOf(RangeError);
    });

    it('reads a query token only when the verifier enables it', async () => {
      const app = new KoaApp<AuthState>();
      app.use(realmguard({ ...fx.verifierOptions(), queryToken: true }));
      app.use((ctx) => {
        ctx.body = { user: ctx.state.auth?.username };
      });
      const response = await fetch(`${await serve(app)}/?access_token=${await token()}`);
      expect(await response.json()).toEqual({ user: 'alice' });
    });
  });
}

describe('Koa typing', () => {
  it('types ctx.state.auth as an optional Principal', () => {
    const app = new Koa<AuthState>();
    app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'api' }));
    app.use((ctx) => {
      expectTypeOf(ctx.state.auth).toEqualTypeOf<Principal | undefined>();
    });
    expectTypeOf<AuthContext['state']['auth']>().toEqualTypeOf<Principal | undefined>();
    // A plain Koa app gains the state type through use().
    const plain = new Koa().use(
      realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'api' }),
    );
    expectTypeOf(plain).toMatchTypeOf<Koa<AuthState>>();
  });
});
