import { getRequestListener } from '@hono/node-server';
import { serveNode, type MakeServer } from '@realmguard/test-fixtures/adapter-contract';
import { contractApp } from './contract-app.js';

/** The contract's Hono application on @hono/node-server. */
export const honoServer: MakeServer = (options) => {
  const listener = getRequestListener(contractApp(options).fetch);
  return serveNode((req, res) => void listener(req, res));
};
