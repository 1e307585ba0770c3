/**
 * The TLS client certificate of a request's connection, for certificate-bound tokens (RFC 8705):
 * Node's `TLSSocket.getPeerCertificate().raw` (DER). Node-only, so it lives here, not in core.
 * The handshake proved that the client holds the certificate's key; core compares its SHA-256
 * thumbprint with the token's `cnf["x5t#S256"]`. A plain HTTP socket has no certificate.
 *
 * @example
 * ```ts
 * const der = peerCertificate(req.socket); // Uint8Array | undefined
 * ```
 */
export function peerCertificate(socket: unknown): Uint8Array | undefined {
  const tls = socket as { getPeerCertificate?: () => { raw?: unknown } | null } | undefined;
  if (typeof tls?.getPeerCertificate !== 'function') return undefined;
  const raw = tls.getPeerCertificate()?.raw;
  return raw instanceof Uint8Array && raw.length > 0 ? raw : undefined;
}
