import {
  backchannelLogout as webBackchannelLogout,
  pushNotBefore as webPushNotBefore,
  type BackchannelLogoutOptions,
  type PushNotBeforeOptions,
  type Verifier,
} from '@realmguard/core';
import type { Handler } from 'hono';

/**
 * The revocation receivers as Hono handlers, on the core's Fetch API receivers (so they run on
 * edge runtimes too): Keycloak's back-channel logout and its not-before push.
 */

/**
 * The OpenID Connect Back-Channel Logout route: point the Keycloak client's "Backchannel logout
 * URL" at it. Answers 200, or 400 with a JSON error, with `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
 * ```
 */
export function backchannelLogout(verifier: Verifier, options: BackchannelLogoutOptions): Handler {
  const receive = webBackchannelLogout(verifier, options);
  return (c) => receive(c.req.raw);
}

/**
 * Keycloak's not-before push route: mount it at `{Admin URL}/k_push_not_before`.
 *
 * @example
 * ```ts
 * app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
 * ```
 */
export function pushNotBefore(verifier: Verifier, options: PushNotBeforeOptions): Handler {
  const receive = webPushNotBefore(verifier, options);
  return (c) => receive(c.req.raw);
}
