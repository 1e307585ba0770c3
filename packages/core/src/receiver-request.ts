import { handleBackchannelLogout, type BackchannelLogoutOptions } from './backchannel-logout.js';
import { handlePushNotBefore, type PushNotBeforeOptions } from './not-before-push.js';
import { ReceiverError } from './receiver-jws.js';
import {
  clientIdsOf,
  MAX_RECEIVER_BODY,
  receiverFailure,
  type ReceiverResponse,
} from './receiver-response.js';
import type { Verifier } from './verifier.js';
import { internalsOf } from './verifier-internals.js';

/**
 * The revocation receivers for framework adapters: everything but sending the answer. An adapter
 * passes the request's method, content type, whatever body a parser already produced, and the
 * unread request stream; the receiver checks the method and content type, reads the body (at
 * most 64 KiB) when no parser did, and answers with a framework-free {@link ReceiverResponse}.
 */

/** A request as a framework adapter sees it. */
export interface ReceiverRequest {
  readonly method: string | undefined;
  readonly contentType: string | undefined;
  /** What a body parser produced (form fields, text, bytes), or undefined when none ran. */
  readonly body?: unknown;
  /** The request body stream (Node's `IncomingMessage` is one), read when `body` is undefined. */
  readonly stream?: AsyncIterable<Uint8Array | string>;
}

/** Answers one receiver request. */
export type Receiver = (request: ReceiverRequest) => Promise<ReceiverResponse>;

const METHOD_NOT_ALLOWED: ReceiverResponse = {
  status: 405,
  headers: { allow: 'POST', 'cache-control': 'no-store' },
  body: undefined,
};

async function readStream(stream: AsyncIterable<Uint8Array | string>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of stream) {
    const piece = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    size += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (size > MAX_RECEIVER_BODY) throw new ReceiverError('The request body is too large');
    text += piece;
  }
  return text + decoder.decode();
}

async function bodyOf(request: ReceiverRequest): Promise<string | Record<string, unknown>> {
  const { body } = request;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (typeof body === 'object' && body !== null && Object.keys(body).length > 0) {
    return body as Record<string, unknown>;
  }
  return request.stream ? readStream(request.stream) : '';
}

function receiver(
  contentType: RegExp,
  contentTypeName: string,
  handle: (body: string | Record<string, unknown>) => Promise<ReceiverResponse>,
): Receiver {
  return async (request) => {
    if (request.method !== 'POST') return METHOD_NOT_ALLOWED;
    try {
      if (!contentType.test(request.contentType ?? '')) {
        throw new ReceiverError(`The request must be ${contentTypeName}`);
      }
      return await handle(await bodyOf(request));
    } catch (error) {
      return receiverFailure(error);
    }
  };
}

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
  return receiver(
    /^application\/x-www-form-urlencoded\b/i,
    'application/x-www-form-urlencoded',
    (body) => handleBackchannelLogout(verifier, options, body),
  );
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
  return receiver(/^(text\/plain\b|$)/i, 'text/plain', (body) =>
    handlePushNotBefore(verifier, options, typeof body === 'string' ? body : undefined),
  );
}
