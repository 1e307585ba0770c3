import {
  backchannelLogoutReceiver,
  pushNotBeforeReceiver,
  type BackchannelLogoutOptions,
  type PushNotBeforeOptions,
  type Receiver,
  type ReceiverResponse,
  type Verifier,
} from '@realmguard/core';
import type { Request, RequestHandler, Response } from 'express';

/**
 * The revocation receivers as Express route handlers: Keycloak's back-channel logout and its
 * not-before push. Core validates and revokes; this file only passes the request and sends the
 * answer. A body already parsed (`express.urlencoded()`, `express.text()`) is used, else the
 * request stream is read (at most 64 KiB).
 */

function send(res: Response, answer: ReceiverResponse): void {
  res.status(answer.status).set(answer.headers);
  if (answer.body === undefined) res.end();
  else res.json(answer.body);
}

function handler(receive: Receiver): RequestHandler {
  return (req: Request, res, next) => {
    receive({
      method: req.method,
      contentType: req.headers['content-type'],
      body: (req as { body?: unknown }).body,
      stream: req,
    }).then((answer) => send(res, answer), next);
  };
}

/**
 * The OpenID Connect Back-Channel Logout route: point the Keycloak client's "Backchannel logout
 * URL" at it. Answers 200, or 400 with a JSON error, with `Cache-Control: no-store`; every
 * instance sharing the verifier's store then rejects the session's tokens.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer, audience: 'orders-api', store: createRedisStore({ url }) });
 * app.use(realmguard(verifier));
 * app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
 * ```
 */
export function backchannelLogout(
  verifier: Verifier,
  options: BackchannelLogoutOptions,
): RequestHandler {
  return handler(backchannelLogoutReceiver(verifier, options));
}

/**
 * Keycloak's not-before push route: mount it at `{Admin URL}/k_push_not_before`. Answers 204, or
 * 400 with a JSON error.
 *
 * @example
 * ```ts
 * app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
 * ```
 */
export function pushNotBefore(verifier: Verifier, options: PushNotBeforeOptions): RequestHandler {
  return handler(pushNotBeforeReceiver(verifier, options));
}
