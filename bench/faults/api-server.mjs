// One API under the fault campaign, in its own process: node api-server.mjs <express|hono>
// '<verifier options JSON>'. `GET /` answers 200 with the principal's username once realmguard
// lets the request through. Tells the parent its port over IPC, then answers {memory: true}
// with process.memoryUsage() (after a full collection with {gc: true}; run with --expose-gc)
// and counts of the verifier's events.
import { createServer } from 'node:http';
import { createVerifier } from '@realmguard/core';

const [framework, json] = process.argv.slice(2);
const options = JSON.parse(json);
const events = { fetch_failed: 0, configuration_problem: 0, keys_refreshed: 0 };
const verifier = createVerifier({
  ...options,
  onEvent: (event) => {
    if (event.type in events) events[event.type]++;
  },
});
await verifier.warmUp();

async function express() {
  const { default: createApp } = await import('express');
  const { realmguard } = await import('@realmguard/express');
  const app = createApp();
  app.use(realmguard(verifier));
  app.get('/', (req, res) => res.json({ user: req.auth?.username ?? null }));
  return app;
}

async function hono() {
  const { getRequestListener } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const { realmguard } = await import('@realmguard/hono');
  const app = new Hono();
  app.use(realmguard(verifier));
  app.get('/', (c) => c.json({ user: c.get('auth')?.username ?? null }));
  return getRequestListener(app.fetch);
}

const listener = framework === 'express' ? await express() : await hono();
const server = createServer(listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message.memory) {
    // At a phase's end, the heap after a full collection: what the process really holds.
    if (message.gc) globalThis.gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send({ memory: { heapUsed, rss }, gc: message.gc === true, events: { ...events } });
  }
});
process.on('disconnect', () => process.exit(0));
