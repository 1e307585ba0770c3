/**
 * What DPoP and certificate-bound tokens need of a Nest request, on both platforms: Express
 * hands the Node `IncomingMessage` itself (with `originalUrl`), Fastify wraps it in `raw`. The
 * TLS client certificate is Node's `TLSSocket.getPeerCertificate().raw` (DER): Node-only code,
 * so it lives in the adapter, not in core.
 *
 * @example
 * ```ts
 * const framework = { ..., target: nestTarget, clientCertificate: nestCertificate };
 * ```
 */
import { nodeTarget, type NodeTargetMessage, type RequestTarget } from '@realmguard/core/adapter';

interface NestRequest {
  readonly raw?: NodeTargetMessage;
  readonly originalUrl?: string;
}

/** The Node message of a Nest request (Express: itself; Fastify: `raw`). */
function messageOf(request: object): NodeTargetMessage & { readonly socket?: unknown } {
  return ((request as NestRequest).raw ?? request) as NodeTargetMessage;
}

/**
 * The method and absolute URL of a Nest request, for DPoP proofs.
 *
 * @example
 * ```ts
 * nestTarget(request); // { method: 'GET', url: 'http://127.0.0.1:3000/orders' }
 * ```
 */
export function nestTarget(request: object): RequestTarget {
  const nest = request as NestRequest;
  return nodeTarget(messageOf(request), nest.raw ? undefined : nest.originalUrl);
}

/**
 * The DER of the TLS client certificate of a Nest request's connection, if any.
 *
 * @example
 * ```ts
 * nestCertificate(request); // Uint8Array | undefined
 * ```
 */
export function nestCertificate(request: object): Uint8Array | undefined {
  const tls = messageOf(request).socket as
    { getPeerCertificate?: () => { raw?: unknown } | null } | undefined;
  if (typeof tls?.getPeerCertificate !== 'function') return undefined;
  const raw = tls.getPeerCertificate()?.raw;
  return raw instanceof Uint8Array && raw.length > 0 ? raw : undefined;
}
