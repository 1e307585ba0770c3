import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

export default function create() {
  const app = new Hono();
  app.get('/', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}
