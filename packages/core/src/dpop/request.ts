/**
 * What a sender-constrained request adds to its credentials: the method and URL a DPoP proof
 * is made for, and the TLS client certificate of a certificate-bound token. Adapters provide
 * them through the kernel's `Framework.target` and `Framework.clientCertificate`, lazily.
 */
import type { RequestTarget } from './options.js';

/** The sender-constraint parts of `RequestCredentials` (all optional). */
export interface SenderRequest {
  /** The HTTP method (`htm`). */
  method?: string | undefined;
  /** The absolute request URL as the server received it (`htu`, before `publicUrl`). */
  url?: string | undefined;
  /** Method and URL, computed only when a DPoP proof is checked (what adapters pass). */
  target?: (() => RequestTarget) | undefined;
  /** The DER bytes of the TLS client certificate; called only for a certificate-bound token. */
  clientCertificate?: (() => Uint8Array | undefined) | undefined;
}

/** What an adapter describes of its framework for sender-constrained tokens. */
export interface SenderFramework<Req> {
  target?(this: void, req: Req): RequestTarget;
  clientCertificate?(this: void, req: Req): Uint8Array | undefined;
}

/**
 * Adds the lazy sender parts of an adapter's framework to a request's credentials.
 *
 * @example
 * ```ts
 * const credentials = withSender({ headers: nodeHeaders(req) }, EXPRESS, req);
 * ```
 */
export function withSender<Req, C extends SenderRequest>(
  credentials: C,
  framework: SenderFramework<Req>,
  req: Req,
): C {
  const { target, clientCertificate } = framework;
  if (target && credentials.target === undefined) {
    credentials.target = () => target(req);
  }
  if (clientCertificate && credentials.clientCertificate === undefined) {
    credentials.clientCertificate = () => clientCertificate(req);
  }
  return credentials;
}

/**
 * The method and URL of a request: given as strings, or computed by the adapter's `target`.
 *
 * @example
 * ```ts
 * const target = targetOf(request); // { method: 'GET', url: 'https://api.test/orders' }
 * ```
 */
export function targetOf(request: SenderRequest): RequestTarget | undefined {
  if (typeof request.method === 'string' && typeof request.url === 'string') {
    return { method: request.method, url: request.url };
  }
  const target = request.target?.();
  return target && typeof target.method === 'string' && typeof target.url === 'string'
    ? target
    : undefined;
}
