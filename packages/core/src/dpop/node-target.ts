/**
 * The method and absolute URL of a Node request (`IncomingMessage`), as the server received it:
 * `https` when the connection is TLS, the `Host` header, and the path the framework was given
 * (Express `req.originalUrl`, Koa `ctx.originalUrl`: the path before any router mounted the
 * request elsewhere). What a DPoP proof's `htm` and `htu` are compared with; behind a proxy,
 * `dpop.publicUrl` or `dpop.trustProxy` turns it into the public URL. No `node:` import: the
 * message is read like any object.
 */
import type { RequestTarget } from './options.js';

/** What `nodeTarget` reads of a Node `IncomingMessage`. */
export interface NodeTargetMessage {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: { readonly host?: string | undefined };
  /** Node's socket; a `TLSSocket` has `encrypted: true`. */
  readonly socket?: unknown;
}

/**
 * The request target of a Node request, for the kernel's `Framework.target`.
 *
 * @example
 * ```ts
 * const EXPRESS = { ...,  target: (req) => nodeTarget(req, req.originalUrl) };
 * ```
 */
export function nodeTarget(message: NodeTargetMessage, path?: string): RequestTarget {
  const socket = message.socket as { encrypted?: unknown } | null | undefined;
  const scheme = socket?.encrypted === true ? 'https' : 'http';
  const host = message.headers.host ?? 'localhost';
  return {
    method: message.method ?? 'GET',
    url: `${scheme}://${host}${path ?? message.url ?? '/'}`,
  };
}
