import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { rawCheck } from './raw-verify.mjs';

export default async function create({ jwksUri }) {
  const check = await rawCheck(jwksUri);
  const app = new Hono();
  app.use((c, next) => (check(c.req.header('authorization')) ? next() : c.body(null, 401)));
  app.get('/', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}
