/* eslint-disable @typescript-eslint/require-await -- Fastify route handlers are async functions by convention */
import { createServer, type RequestListener } from 'node:http';
import Fastify from 'fastify';
import { describeMtlsContract } from '@realmguard/test-fixtures/adapter-contract';
import { realmguard } from '../src/index.js';
import { fastify4 } from './server.js';

// The contract serves the app over https with requestCert: Fastify's own request handler is
// taken from serverFactory and put behind that TLS server.
for (const [name, createApp] of [
  ['Fastify 5', Fastify],
  ['Fastify 4', fastify4],
] as const) {
  describeMtlsContract(name, async (options) => {
    let routing: RequestListener | undefined;
    const app = createApp({
      serverFactory: (handler) => {
        routing = handler;
        return createServer();
      },
    });
    await app.register(realmguard, options);
    app.get('/me', async (request) => ({ user: request.auth?.username ?? null }));
    await app.ready();
    if (!routing) throw new Error('Fastify did not call serverFactory');
    return routing;
  });
}
