import Koa from 'koa';
import { describeReceiverContract } from '@realmguard/test-fixtures/adapter-contract/receiver-contract';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { backchannelLogout, pushNotBefore, realmguard } from '../src/index.js';

describeReceiverContract('Koa 3', (verifier) => {
  const app = new Koa();
  const logout = backchannelLogout(verifier, { clientId: 'orders-web' });
  const push = pushNotBefore(verifier, { clientId: 'orders-api' });
  const guard = realmguard(verifier);
  app.use(async (ctx, next): Promise<void> => {
    if (ctx.path === '/backchannel-logout') await logout(ctx, next);
    else if (ctx.path === '/keycloak/k_push_not_before') await push(ctx, next);
    else {
      await guard(ctx, async () => {
        ctx.body = [];
        await next();
      });
    }
  });
  const listener = app.callback();
  return serveNode((req, res) => void listener(req, res));
});
