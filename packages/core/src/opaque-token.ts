import { isB64Token } from './bearer.js';

/**
 * The shortest opaque token worth asking the identity provider about: shorter strings are junk,
 * not credentials (Keycloak's opaque handles and other providers' reference tokens are longer).
 */
export const MIN_OPAQUE_LENGTH = 16;

/**
 * Whether `token` may be an opaque access token (one that only introspection can read): a
 * b64token (RFC 6750 §2.1) of at least 16 characters (`MIN_OPAQUE_LENGTH`). Anything else is
 * `malformed_token` without a call, so junk never reaches the identity provider.
 *
 * @example
 * ```ts
 * looksLikeOpaqueToken('qzRIGVx4kRlnbt1-Q7ewN8yZ3bWyPhn4'); // true
 * looksLikeOpaqueToken('not a token'); // false
 * ```
 */
export function looksLikeOpaqueToken(token: string): boolean {
  return token.length >= MIN_OPAQUE_LENGTH && isB64Token(token);
}
