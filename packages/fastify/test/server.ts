/* eslint-disable @typescript-eslint/require-await -- Fastify route handlers are async functions by convention */
import type Fastify from 'fastify';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import Fastify4 from 'fastify4';
import {
  realmguard,
  requirePermission,
  requirePolicy,
  requireRole,
  requireScope,
  type RealmguardPluginOptions,
} from '../src/index.js';
import { reports, type MakeServer } from '@realmguard/test-fixtures/adapter-contract';

/** Fastify 4, typed as Fastify 5: the plugin relies only on what both versions share. */
export const fastify4 = Fastify4 as unknown as typeof Fastify;

/** Listens on a free port of 127.0.0.1. */
export async function listen(app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected address');
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

const me: RouteHandlerMethod = async (request) => ({ user: request.auth?.username ?? null });

/**
 * The adapter contract's routes over one Fastify application: the plugin authenticates every
 * route; `/solo` opts out and relies on its `requireRole` alone, the `/optional` routes ask for
 * optional authentication through their route config.
 */
export const fastifyServer =
  (createApp: typeof Fastify): MakeServer =>
  async ({ verifierOptions, onError }) => {
    const errors: RealmguardPluginOptions = onError
      ? {
          onError(error, _request, reply) {
            const { status, headers, body } = onError(error);
            return reply.code(status).headers(headers).send(body);
          },
        }
      : {};
    const app = createApp();
    await app.register(realmguard, { ...verifierOptions, ...errors });
    app.get('/solo', { config: { realmguard: false }, preHandler: requireRole('admin') }, me);
    app.get('/optional', { config: { realmguard: 'optional' } }, me);
    app.get(
      '/optional/admin',
      { config: { realmguard: 'optional' }, preHandler: requireRole('admin') },
      me,
    );
    app.get('/me', me);
    app.get('/admin', { preHandler: requireRole('admin') }, me);
    app.get('/editor', { preHandler: requireRole('orders-api:editor') }, me);
    app.get('/scope', { preHandler: requireScope('orders:read') }, me);
    app.get('/policy', { preHandler: requirePolicy(reports) }, me);
    app.get('/permission', { preHandler: requirePermission('orders#cancel') }, me);
    return listen(app);
  };
