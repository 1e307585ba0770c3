import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

// The bare route behind one async middleware that does nothing: the cost of the await alone.
export default function create() {
  const app = new Hono();
  app.use(async (c, next) => {
    await Promise.resolve();
    await next();
  });
  app.get('/', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}
