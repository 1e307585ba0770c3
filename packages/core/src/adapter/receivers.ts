import type { BackchannelLogoutOptions } from '../backchannel-logout.js';
import type { PushNotBeforeOptions } from '../not-before-push.js';
import {
  backchannelLogoutReceiver,
  pushNotBeforeReceiver,
  type Receiver,
  type ReceiverRequest,
} from '../receiver-request.js';
import type { Verifier } from '../verifier.js';

/**
 * The revocation receivers every adapter offers, made from one adapter function: core checks the
 * method and content type, reads the body (a parser's result, else the request stream, at most
 * 64 KiB), validates and revokes; the adapter only hands the request over and sends the answer.
 */

/** What {@link nodeReceiverRequest} reads of a Node `IncomingMessage` (it is the body stream). */
export interface NodeReceiverMessage extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly headers: { readonly [name: string]: string | readonly string[] | undefined };
}

/**
 * The receiver request of a Node request: its method and content type, the body a parser already
 * produced (if any), and the message itself as the stream to read when none did.
 *
 * @example
 * ```ts
 * const answer = await receive(nodeReceiverRequest(req, req.body));
 * ```
 */
export function nodeReceiverRequest(message: NodeReceiverMessage, body?: unknown): ReceiverRequest {
  const type = message.headers['content-type'];
  return {
    method: message.method,
    contentType: typeof type === 'string' ? type : undefined,
    body,
    stream: message,
  };
}

/**
 * Keycloak's revocation callbacks as route handlers of one framework (`H`). Every instance that
 * shares the verifier's store then refuses the revoked tokens. Mount them where no
 * authentication runs: Keycloak sends no access token.
 */
export interface Receivers<H> {
  /**
   * The OpenID Connect Back-Channel Logout route: point the Keycloak client's "Backchannel
   * logout URL" at it (`clientId`: that client, the logout token's `aud`). It answers 200, or 400
   * with a JSON error (503 with `Retry-After` when the issuer's keys cannot be fetched), always
   * with `Cache-Control: no-store`; from then on the session's tokens get 401 `invalid_token`.
   * A form body already parsed is used, else the request body is read (at most 64 KiB).
   *
   * @example
   * ```ts
   * const verifier = createVerifier({ issuer, audience: 'orders-api', store: createRedisStore({ url }) });
   * app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
   * ```
   */
  readonly backchannelLogout: (verifier: Verifier, options: BackchannelLogoutOptions) => H;
  /**
   * Keycloak's not-before push route: mount it at `{Admin URL}/k_push_not_before` of the client
   * `clientId`. Every token of the realm issued before the pushed time is then refused. It
   * answers 204, or 400 with a JSON error, with `Cache-Control: no-store`.
   *
   * @example
   * ```ts
   * app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
   * ```
   */
  readonly pushNotBefore: (verifier: Verifier, options: PushNotBeforeOptions) => H;
}

/**
 * Builds both receivers from an adapter's `receiver → route handler` function. Like
 * `requirements`, export each with its own annotation and an `inheritDoc` tag.
 *
 * @throws ConfigurationError (from each factory) for a verifier not made by `createVerifier` or
 *   a missing `clientId`, at once.
 * @example
 * ```ts
 * type Routes = Receivers<RequestHandler>;
 * const routes: Routes = receivers((receive) => (req, res, next) => {
 *   receive(nodeReceiverRequest(req, req.body)).then((answer) => send(res, answer), next);
 * });
 * export const backchannelLogout: Routes['backchannelLogout'] = routes.backchannelLogout;
 * ```
 */
export function receivers<H>(make: (receive: Receiver) => H): Receivers<H> {
  return {
    backchannelLogout: (verifier, options) => make(backchannelLogoutReceiver(verifier, options)),
    pushNotBefore: (verifier, options) => make(pushNotBeforeReceiver(verifier, options)),
  };
}
