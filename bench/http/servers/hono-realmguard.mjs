import { getRequestListener } from '@hono/node-server';
import { createVerifier } from '@realmguard/core';
import { realmguard } from '@realmguard/hono';
import { Hono } from 'hono';

export default async function create({ issuer, audience, cache }) {
  const verifier = createVerifier({ issuer, audience, ...(cache === false && { cache: false }) });
  await verifier.warmUp();
  const app = new Hono();
  app.use(realmguard(verifier));
  app.get('/', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}
