import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { describeMtlsContract } from '@realmguard/test-fixtures/adapter-contract';
import { realmguard, type AuthVariables } from '../src/index.js';

// On Node, @hono/node-server hands the IncomingMessage to the app as `c.env.incoming`.
describeMtlsContract('Hono on Node', (options) => {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use(realmguard(options));
  app.get('/me', (c) => c.json({ user: c.get('auth').username ?? null }));
  const listener = getRequestListener(app.fetch);
  return (req, res) => void listener(req, res);
});
