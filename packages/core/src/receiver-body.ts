import { ReceiverError } from './receiver-jws.js';
import { MAX_RECEIVER_BODY, receiverFailure, toWebResponse } from './receiver-response.js';
import type { ReceiverResponse } from './receiver-response.js';

/**
 * What every revocation receiver does before its action: the method (POST only), the content
 * type, and the body — what a framework's parser produced, else the request stream, read up to
 * 64 KiB. One sequence for the adapters' receivers and the Fetch API ones, so that every
 * framework answers a request the same way.
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

/** The content type a receiver takes, and its name in the refusal. */
export interface ReceiverContentType {
  readonly pattern: RegExp;
  readonly name: string;
}

/** Back-channel logout: a form body. */
export const FORM_BODY: ReceiverContentType = {
  pattern: /^application\/x-www-form-urlencoded\b/i,
  name: 'application/x-www-form-urlencoded',
};

/** Not-before push: `text/plain`, as Keycloak sends it (or no content type). */
export const TEXT_BODY: ReceiverContentType = {
  pattern: /^(text\/plain\b|$)/i,
  name: 'text/plain',
};

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

/**
 * A receiver: checks the method and content type, reads the body, hands it to `handle`, and
 * turns a failure into its answer. It never rejects.
 *
 * @example
 * ```ts
 * const receive = receiver(TEXT_BODY, (body) => handlePushNotBefore(verifier, options, String(body)));
 * ```
 */
export function receiver(
  contentType: ReceiverContentType,
  handle: (body: string | Record<string, unknown>) => Promise<ReceiverResponse>,
): Receiver {
  return async (request) => {
    if (request.method !== 'POST') return METHOD_NOT_ALLOWED;
    try {
      if (!contentType.pattern.test(request.contentType ?? '')) {
        throw new ReceiverError(`The request must be ${contentType.name}`);
      }
      return await handle(await bodyOf(request));
    } catch (error) {
      return receiverFailure(error);
    }
  };
}

/** A Fetch API body as chunks; a declared length over the cap is refused before any read. */
async function* webBody(request: Request): AsyncGenerator<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_RECEIVER_BODY) throw new ReceiverError('The request body is too large');
  if (!request.body) return;
  const reader = request.body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if ((done = next.done)) return;
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel(); // the reader stopped early: the rest is not read
  }
}

/**
 * A receiver as a Fetch API route handler (edge functions, the Web guard, Hono).
 *
 * @example
 * ```ts
 * const logout = webReceiver(receiver(FORM_BODY, (body) => handleBackchannelLogout(verifier, options, body)));
 * ```
 */
export function webReceiver(receive: Receiver): (request: Request) => Promise<Response> {
  return async (request) =>
    toWebResponse(
      await receive({
        method: request.method,
        contentType: request.headers.get('content-type') ?? undefined,
        stream: webBody(request),
      }),
    );
}
