import express, { type ErrorRequestHandler, type Request } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AuthError, ConfigurationError, type Principal, type RoleSpec } from '@realmguard/core';
import { realmguard, requireRole, requireScope } from '../src/index.js';
import {
  describeAdapterContract,
  startContractRealm,
  type ContractRealm,
} from '@realmguard/test-fixtures/adapter-contract';
import { expressServer } from './server.js';

describeAdapterContract('Express 4', expressServer(express4));
describeAdapterContract('Express 5', expressServer(express));

let fx: ContractRealm;
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(() => fx.close());

const token = (user = 'alice', scope?: string) =>
  fx.realm.accessToken({ user, client: 'orders-web-mapped', scope });

for (const [version, createApp] of [
  ['Express 4', express4],
  ['Express 5', express],
] as const) {
  describe(`${version} specifics`, () => {
    it("onError: 'next' hands the AuthError to Express's default handler with its status and headers", async () => {
      const app = createApp();
      app.use(realmguard(fx.verifierOptions(), { onError: 'next' }));
      app.get('/me', (_req, res) => res.json({}));
      const response = await request(app).get('/me');
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="acme"');
      const malformed = await request(app).get('/me').set('authorization', 'Bearer x y');
      expect(malformed.status).toBe(401);
      expect(malformed.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it("onError: 'next' reaches the application's error handler with the AuthError", async () => {
      const app = createApp();
      const auth = realmguard(fx.verifierOptions(), { onError: 'next' });
      app.get('/admin', auth, requireRole('admin'), (_req, res) => res.json({}));
      const handler: ErrorRequestHandler = (err: AuthError, _req, res, _next) => {
        res
          .status(err.status)
          .set(err.headers)
          .json({ code: err.code, isAuthError: err instanceof AuthError });
      };
      app.use(handler);
      const response = await request(app)
        .get('/admin')
        .set('authorization', `Bearer ${await token('bob')}`);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ code: 'missing_role', isAuthError: true });
      expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    });

    it('an onError that throws passes the error to next(err)', async () => {
      const app = createApp();
      app.use(
        realmguard(fx.verifierOptions(), {
          onError(error) {
            throw error;
          },
        }),
      );
      app.get('/me', (_req, res) => res.json({}));
      const handler: ErrorRequestHandler = (err: AuthError, _req, res, _next) => {
        res.status(err.status).json({ passed: err.code });
      };
      app.use(handler);
      const response = await request(app).get('/me');
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ passed: 'missing_token' });
    });

    it('requireRole without any realmguard is a configuration error (500), not a 401', async () => {
      const app = createApp();
      let seen: unknown;
      app.get('/admin', requireRole('admin'), (_req, res) => res.json({}));
      const handler: ErrorRequestHandler = (err, _req, res, _next) => {
        seen = err;
        res.status(500).end();
      };
      app.use(handler);
      expect((await request(app).get('/admin')).status).toBe(500);
      expect(seen).toBeInstanceOf(ConfigurationError);
      expect((seen as Error).message).toMatch(/app\.use\(realmguard/);
    });

    it('does not catch errors thrown by later handlers', async () => {
      const app = createApp();
      const errors: unknown[] = [];
      app.use(realmguard(fx.verifierOptions()));
      app.get('/boom', () => {
        throw new RangeError('handler bug');
      });
      const handler: ErrorRequestHandler = (err, _req, res, _next) => {
        errors.push(err);
        res.status(500).end();
      };
      app.use(handler);
      const response = await request(app)
        .get('/boom')
        .set('authorization', `Bearer ${await token()}`);
      expect(response.status).toBe(500);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(RangeError);
    });

    it('reads query and form-body tokens only when the verifier enables them', async () => {
      const app = createApp();
      app.use(express.urlencoded({ extended: false }));
      app.use(realmguard({ ...fx.verifierOptions(), queryToken: true, bodyToken: true }));
      app.all('/me', (req, res) => res.json({ user: req.auth?.username }));
      const t = await token();
      expect((await request(app).get(`/me?access_token=${t}`)).body).toEqual({ user: 'alice' });
      const posted = await request(app).post('/me').type('form').send({ access_token: t });
      expect(posted.body).toEqual({ user: 'alice' });
      const twice = await request(app)
        .post(`/me?access_token=${t}`)
        .type('form')
        .send({ access_token: t });
      expect(twice.status).toBe(400);
    });

    it('bound requireX of one guard work on routers that have no realmguard', async () => {
      const app = createApp();
      const auth = realmguard(fx.verifierOptions());
      const router = express.Router();
      router.get('/orders', auth.requireScope('orders:read'), requireRole('viewer'), (req, res) =>
        res.json({ user: req.auth?.username }),
      );
      app.use('/api', router);
      const ok = await request(app)
        .get('/api/orders')
        .set('authorization', `Bearer ${await token('bob', 'orders:read')}`);
      expect(ok.body).toEqual({ user: 'bob' });
      const denied = await request(app)
        .get('/api/orders')
        .set('authorization', `Bearer ${await token('alice', 'orders:read')}`);
      expect(denied.status).toBe(403);
    });
  });
}

describe('Express typing', () => {
  it('types req.auth as an optional Principal and the middleware as Express handlers', () => {
    expectTypeOf<Request['auth']>().toEqualTypeOf<Principal | undefined>();
    const auth = realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'api' });
    const app = express();
    app.use(auth);
    app.get('/admin', auth.requireRole('admin'), requireScope('a'), (req, res) => {
      expectTypeOf(req.auth).toEqualTypeOf<Principal | undefined>();
      res.json(req.auth?.realmRoles);
    });
    // Compile-time only: a role spec is a string, { realm } or { client, role }.
    expectTypeOf(requireRole).parameter(0).toEqualTypeOf<RoleSpec>();
    expectTypeOf(requireRole).parameter(0).not.toMatchTypeOf<number>();
  });
});
