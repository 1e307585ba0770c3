import type { Middleware } from 'koa';
import { nodeReceiverRequest, receivers, type Receivers } from '@realmguard/core/adapter';

// Keycloak's back-channel logout and not-before push as Koa middleware: core checks, reads the
// body (a body parser's `ctx.request.body`, else `ctx.req`) and revokes; this file only sends
// the answer.
type Routes = Receivers<Middleware>;
const routes: Routes = receivers((receive) => async (ctx) => {
  const answer = await receive(
    nodeReceiverRequest(ctx.req, (ctx.request as { body?: unknown }).body),
  );
  ctx.set(answer.headers);
  ctx.body = answer.body ?? null;
  ctx.status = answer.status;
});

/** {@inheritDoc @realmguard/core/adapter!Receivers.backchannelLogout} */
export const backchannelLogout: Routes['backchannelLogout'] = routes.backchannelLogout;
/** {@inheritDoc @realmguard/core/adapter!Receivers.pushNotBefore} */
export const pushNotBefore: Routes['pushNotBefore'] = routes.pushNotBefore;
