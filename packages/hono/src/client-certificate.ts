/**
 * The TLS client certificate of a request's connection on Node (`@hono/node-server` puts the
 * `IncomingMessage` in `c.env.incoming`), for certificate-bound tokens (RFC 8705): Node's
 * `TLSSocket.getPeerCertificate().raw` (DER). Edge runtimes have no socket: undefined there, and
 * certificate-bound tokens need the proxy header (`mtls.certificateHeader`).
 *
 * @example
 * ```ts
 * const der = peerCertificate(c.env); // Uint8Array | undefined
 * ```
 */
export function peerCertificate(env: unknown): Uint8Array | undefined {
  const incoming = (env as { incoming?: { socket?: unknown } } | undefined)?.incoming;
  const tls = incoming?.socket as
    { getPeerCertificate?: () => { raw?: unknown } | null } | undefined;
  if (typeof tls?.getPeerCertificate !== 'function') return undefined;
  const raw = tls.getPeerCertificate()?.raw;
  return raw instanceof Uint8Array && raw.length > 0 ? raw : undefined;
}
