import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { describeReceiverContract } from '@realmguard/test-fixtures/adapter-contract/receiver-contract';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { backchannelLogout, pushNotBefore, realmguard } from '../src/index.js';

describeReceiverContract('Hono on Node', (verifier) => {
  const app = new Hono();
  app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
  app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
  app.get('/orders', realmguard(verifier), (c) => c.json([]));
  const listener = getRequestListener(app.fetch);
  return serveNode((req, res) => void listener(req, res));
});
