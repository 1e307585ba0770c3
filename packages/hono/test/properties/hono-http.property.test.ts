/**
 * The `Authorization` property of issue 9 over real HTTP through `@realmguard/hono` on
 * `@hono/node-server`: see packages/core/test/properties/http-adapter.ts.
 */
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { describeHttpAuthorization } from '../../../core/test/properties/http-adapter.js';
import { realmguard, type AuthVariables } from '../../src/index.js';

describeHttpAuthorization(
  'Hono on @hono/node-server',
  (verifier) => {
    const app = new Hono<{ Variables: AuthVariables }>();
    app.use(realmguard(verifier));
    app.get('/me', (c) => c.json(c.get('auth')));
    const listener = getRequestListener(app.fetch);
    return serveNode((req, res) => void listener(req, res));
  },
  { fetchHeaders: true },
);
