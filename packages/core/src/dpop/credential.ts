/**
 * The `Authorization: DPoP <token>` credential (RFC 9449 §7.1): the scheme is matched without
 * regard to case (RFC 9110 §11.1), the token has the RFC 6750 b64token form, and a request
 * carries one credential only, as for Bearer (two headers, or a header and a query, body or
 * cookie token: 400 `invalid_request`).
 */
import {
  B64TOKEN,
  extractBearerToken,
  multipleTokens,
  type HeaderBag,
  type RequestCredentials,
} from '../bearer.js';
import { invalidToken, type AuthError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { headerValues } from './headers.js';

const DPOP = /^DPoP(?: +|$)/i;
/** `, <scheme> ...`: how the Fetch API's `Headers` joins two header lines (as in bearer.ts). */
const JOINED = /,[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:[ \t]*$|[ \t]+[^= \t])/;

/** The request's headers without `Authorization` (to look for a second credential). */
function withoutAuthorization(headers: HeaderBag): HeaderBag {
  if (typeof (headers as Headers).get === 'function') {
    const copy = new Headers(headers as Headers);
    copy.delete('authorization');
    return copy;
  }
  return { ...headers, authorization: undefined, Authorization: undefined };
}

/** The request's one Authorization header value, trimmed (undefined for none or several). */
function authorizationOf(request: RequestCredentials): string | undefined {
  const raw = headerValues(request.headers, 'authorization');
  if (typeof raw !== 'string' && (raw === undefined || raw.length !== 1)) return undefined;
  return (typeof raw === 'string' ? raw : (raw[0] ?? '')).trim();
}

/**
 * Whether the request's Authorization header uses the `DPoP` scheme (any case): its errors then
 * get the DPoP challenge.
 *
 * @example
 * ```ts
 * usesDpopScheme({ headers: { authorization: 'DPoP eyJ…' } }); // true
 * ```
 */
export function usesDpopScheme(request: RequestCredentials): boolean {
  const value = authorizationOf(request);
  return value !== undefined && DPOP.test(value);
}

/**
 * The token of a `DPoP` Authorization header, or undefined when the request uses another
 * scheme (or none, or several headers: the Bearer path answers those).
 * @throws AuthError 401 `invalid_token` for an empty, oversized or malformed token; 400
 *   `invalid_request` for a second credential
 *
 * @example
 * ```ts
 * const token = dpopCredential({ headers: request.headers }, verifier.options);
 * ```
 */
export function dpopCredential(
  request: RequestCredentials,
  options: ResolvedOptions,
): string | undefined {
  const value = authorizationOf(request);
  if (value === undefined || !DPOP.test(value)) return undefined;
  if (value.length > options.maxTokenLength + 16) throw invalidToken('token_too_large');
  const token = value.slice(4).trim();
  if (token === '') throw invalidToken('empty_token', 'The access token is empty');
  if (!B64TOKEN.test(token)) {
    const joined = typeof (request.headers as Headers).get === 'function';
    if (joined && JOINED.test(value)) throw multipleTokens();
    throw invalidToken('malformed_token');
  }
  // `cookie`: the opt-in cookie token source, where the options have it.
  if (options.queryToken || options.bodyToken || (options as { cookie?: string }).cookie) {
    let other: string | undefined;
    try {
      other = extractBearerToken(
        { ...request, headers: withoutAuthorization(request.headers) },
        options,
      );
    } catch (error) {
      if ((error as AuthError).code !== 'missing_token') throw error;
    }
    if (other !== undefined) throw multipleTokens();
  }
  return token;
}
