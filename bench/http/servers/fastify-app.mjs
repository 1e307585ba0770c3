import { createServer } from 'node:http';
import Fastify from 'fastify';

/**
 * A Fastify application as a Node request listener (what server.mjs serves): `setup(app)` adds
 * plugins and hooks, then the bare route is added.
 */
export async function fastifyListener(setup = async () => {}) {
  let listener;
  const app = Fastify({
    serverFactory: (handler) => {
      listener = handler;
      return createServer(handler);
    },
  });
  await setup(app);
  app.get('/', async () => 'ok');
  await app.ready();
  return listener;
}
