import Koa from 'koa';
import { describeMtlsContract } from '@realmguard/test-fixtures/adapter-contract';
import { realmguard, type AuthState } from '../src/index.js';

describeMtlsContract('Koa 3', (options) => {
  const app = new Koa<AuthState>();
  app.use(realmguard(options));
  app.use((ctx) => {
    ctx.body = { user: ctx.state.auth?.username ?? null };
  });
  const listener = app.callback();
  return (req, res) => void listener(req, res);
});
