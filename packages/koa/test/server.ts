import Router from '@koa/router';
import Koa from 'koa';
import Koa2 from 'koa2';
import { createVerifier } from '@realmguard/core';
import {
  realmguard,
  requirePermission,
  requirePolicy,
  requireRole,
  requireScope,
  type AuthState,
  type RealmguardOptions,
} from '../src/index.js';
import { reports, serveNode, type MakeServer } from '@realmguard/test-fixtures/adapter-contract';

/** The adapter contract's routes over a Koa application (2 or 3), routed by @koa/router. */
export const koaServer =
  (KoaApp: typeof Koa): MakeServer =>
  ({ verifierOptions, onError }) => {
    const errors: RealmguardOptions = onError
      ? {
          onError(error, ctx) {
            const { status, headers, body } = onError(error);
            ctx.status = status;
            ctx.set(headers);
            ctx.body = body;
          },
        }
      : {};
    const auth = realmguard({ ...verifierOptions, ...errors });
    const optional = realmguard(createVerifier(verifierOptions), { optional: true, ...errors });
    const me: Koa.Middleware<AuthState> = (ctx) => {
      ctx.body = { user: ctx.state.auth?.username ?? null };
    };

    const router = new Router<AuthState>();
    router.get('/solo', auth.requireRole('admin'), me);
    router.get('/optional', optional, me);
    router.get('/optional/admin', optional, requireRole('admin'), me);
    router.get('/me', auth, me);
    router.get('/admin', auth, requireRole('admin'), me);
    router.get('/editor', auth, requireRole('orders-api:editor'), me);
    router.get('/scope', auth, requireScope('orders:read'), me);
    router.get('/policy', auth, requirePolicy(reports), me);
    router.get('/permission', auth, requirePermission('orders#cancel'), me);
    const app = new KoaApp<AuthState>();
    app.use(router.routes());
    const listener = app.callback();
    return serveNode((req, res) => void listener(req, res));
  };

/** The contract's server over each supported Koa major version. */
export const koaServers: Record<'Koa 2' | 'Koa 3', MakeServer> = {
  'Koa 2': koaServer(Koa2),
  'Koa 3': koaServer(Koa),
};
