import { handleBackchannelLogout, type BackchannelLogoutOptions } from './backchannel-logout.js';
import { handlePushNotBefore, type PushNotBeforeOptions } from './not-before-push.js';
import { FORM_BODY, receiver, TEXT_BODY, type Receiver } from './receiver-body.js';
import { clientIdsOf } from './receiver-response.js';
import type { Verifier } from './verifier.js';
import { internalsOf } from './verifier-internals.js';

/**
 * The revocation receivers for framework adapters: everything but sending the answer. An adapter
 * passes the request's method, content type, whatever body a parser already produced, and the
 * unread request stream; the receiver checks the method and content type, reads the body (at
 * most 64 KiB) when no parser did, and answers with a framework-free `ReceiverResponse`.
 */

export type { Receiver, ReceiverRequest } from './receiver-body.js';

/**
 * The back-channel logout receiver for an adapter (see {@link handleBackchannelLogout}).
 * @throws ConfigurationError at once without a verifier made by `createVerifier` or a clientId.
 * @example
 * ```ts
 * const receive = backchannelLogoutReceiver(verifier, { clientId: 'orders-web' });
 * const answer = await receive({ method: req.method, contentType: req.headers['content-type'], body: req.body, stream: req });
 * res.status(answer.status).set(answer.headers).send(answer.body ?? '');
 * ```
 */
export function backchannelLogoutReceiver(
  verifier: Verifier,
  options: BackchannelLogoutOptions,
): Receiver {
  internalsOf(verifier);
  clientIdsOf(options);
  return receiver(FORM_BODY, (body) => handleBackchannelLogout(verifier, options, body));
}

/**
 * The not-before push receiver for an adapter (see {@link handlePushNotBefore}). Keycloak sends
 * `text/plain`; a JSON or form body is refused.
 * @throws ConfigurationError at once without a verifier made by `createVerifier` or a clientId.
 * @example
 * ```ts
 * const receive = pushNotBeforeReceiver(verifier, { clientId: 'orders-api' });
 * ```
 */
export function pushNotBeforeReceiver(verifier: Verifier, options: PushNotBeforeOptions): Receiver {
  internalsOf(verifier);
  clientIdsOf(options);
  return receiver(TEXT_BODY, (body) =>
    handlePushNotBefore(verifier, options, typeof body === 'string' ? body : undefined),
  );
}
