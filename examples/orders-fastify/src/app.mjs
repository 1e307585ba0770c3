// The orders API on Fastify: the same routes as the Express orders API (examples/orders-api).
// The realmguard plugin authenticates every route; each route states what it requires.
import { createServer } from 'node:http';
import Fastify from 'fastify';
import { realmguard, requireRole, requireScope } from '@realmguard/fastify';

const orders = [
  { id: 1, item: 'keyboard', status: 'open' },
  { id: 2, item: 'monitor', status: 'open' },
];

/**
 * The Fastify application.
 * @param {import('@realmguard/fastify').RealmguardOptions} guard verifier options, or `{ verifier }`
 * @param {import('fastify').FastifyServerOptions} [options]
 */
export async function buildApp(guard, options = {}) {
  const app = Fastify(options);
  await app.register(realmguard, guard);

  // Any valid token.
  app.get('/orders', async (request) => ({ user: request.auth?.username, orders }));
  app.get('/orders/:id', async (request, reply) => {
    const order = orders.find((o) => o.id === Number(request.params.id));
    return order ?? reply.code(404).send({ error: 'not_found' });
  });
  // A client role of this API (Keycloak: Clients → orders-api → Roles → editor).
  app.put('/orders/:id', { preHandler: requireRole('orders-api:editor') }, async (request) => ({
    updated: Number(request.params.id),
    by: request.auth?.username,
  }));
  // A realm role.
  app.post('/orders/:id/cancel', { preHandler: requireRole('admin') }, async (request) => ({
    cancelled: Number(request.params.id),
    by: request.auth?.username,
  }));
  // A scope the client must have requested (the optional client scope `orders:read`).
  app.get('/reports/orders', { preHandler: requireScope('orders:read') }, async (request) => ({
    report: 'orders by status',
    open: orders.length,
    by: request.auth?.username,
  }));
  return app;
}

/**
 * The application as a Node request listener (what `pnpm demo --framework fastify` serves).
 * @param {import('@realmguard/fastify').RealmguardOptions} guard
 * @returns {Promise<import('node:http').RequestListener>}
 */
export async function createApp(guard) {
  /** @type {import('node:http').RequestListener | undefined} */
  let listener;
  const app = await buildApp(guard, {
    serverFactory: (handler) => {
      listener = handler;
      return createServer(handler);
    },
  });
  await app.ready();
  if (!listener) throw new Error('Fastify did not hand over its request handler');
  return listener;
}
