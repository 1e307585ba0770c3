import Koa from 'koa';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { describeKeycloakJsonFile } from '@realmguard/test-fixtures/adapter-contract/keycloak-json-contract';
import { fromKeycloakJson, realmguard, type AuthState } from '../src/index.js';

describeKeycloakJsonFile('Koa 3', fromKeycloakJson, (options) => {
  const app = new Koa<AuthState>();
  app.use(realmguard(options));
  app.use((ctx) => {
    ctx.body = { user: ctx.state.auth?.username };
  });
  const listener = app.callback();
  return serveNode((req, res) => void listener(req, res));
});
