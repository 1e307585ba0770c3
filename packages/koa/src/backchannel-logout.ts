import {
  backchannelLogoutReceiver,
  pushNotBeforeReceiver,
  type BackchannelLogoutOptions,
  type PushNotBeforeOptions,
  type Receiver,
  type Verifier,
} from '@realmguard/core';
import type { Middleware } from 'koa';

/**
 * The revocation receivers as Koa middleware: Keycloak's back-channel logout and its not-before
 * push. Core validates and revokes; this file only passes the request and sends the answer. A
 * body already parsed (`ctx.request.body` from a body parser) is used, else `ctx.req` is read.
 */

function middleware(receive: Receiver): Middleware {
  return async (ctx) => {
    const answer = await receive({
      method: ctx.method,
      contentType: ctx.get('content-type') || undefined,
      body: (ctx.request as { body?: unknown }).body,
      stream: ctx.req,
    });
    ctx.set(answer.headers);
    ctx.body = answer.body ?? null;
    ctx.status = answer.status;
  };
}

/**
 * The OpenID Connect Back-Channel Logout route: point the Keycloak client's "Backchannel logout
 * URL" at it. Answers 200, or 400 with a JSON error, with `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * router.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
 * ```
 */
export function backchannelLogout(
  verifier: Verifier,
  options: BackchannelLogoutOptions,
): Middleware {
  return middleware(backchannelLogoutReceiver(verifier, options));
}

/**
 * Keycloak's not-before push route: mount it at `{Admin URL}/k_push_not_before`.
 *
 * @example
 * ```ts
 * router.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
 * ```
 */
export function pushNotBefore(verifier: Verifier, options: PushNotBeforeOptions): Middleware {
  return middleware(pushNotBeforeReceiver(verifier, options));
}
