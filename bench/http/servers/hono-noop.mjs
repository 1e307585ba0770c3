import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

// The bare route behind one pass-through middleware: what any middleware costs in Hono.
export default function create() {
  const app = new Hono();
  app.use((c, next) => next());
  app.get('/', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}
