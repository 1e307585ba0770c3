import { cookieTokens } from './cookie-token.js';
import type { SenderRequest } from './dpop/request.js';
import { AuthError, invalidToken } from './errors.js';

/** Header values as Node (`IncomingHttpHeaders`), Koa, or the Fetch API give them. */
export type HeaderBag =
  Headers | { readonly [name: string]: string | readonly string[] | undefined };

/**
 * What an adapter hands to `verifier.authenticate` (with the method, URL and client certificate
 * that DPoP and mTLS-bound tokens are checked against).
 */
export interface RequestCredentials extends SenderRequest {
  headers: HeaderBag;
  /** Parsed query string (only read when `queryToken` is enabled). */
  query?: { readonly [name: string]: unknown } | URLSearchParams;
  /** Parsed form body (only read when `bodyToken` is enabled and the body is form-encoded). */
  body?: unknown;
}

export interface BearerOptions {
  queryToken: boolean;
  bodyToken: boolean;
  /** The cookie that may carry the token (opt-in); undefined: cookies are not read. */
  cookie?: string | undefined;
  maxTokenLength: number;
}

/** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
const B64 = '[A-Za-z0-9\\-._~+/]+=*';
/** The b64token form of a bearer token (the only form a `Bearer` header carries). */
export const B64TOKEN = new RegExp(`^${B64}$`);
/** RFC 6750 §2.1: `Bearer` 1*SP b64token. */
const BEARER = new RegExp(`^Bearer +(${B64}) *$`, 'i');
const SCHEME = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?: |$)/;
/**
 * A second credential after a comma: how the Fetch API's `Headers` combines two header lines
 * into one value (`Bearer a, Bearer b`; RFC 9110 §5.3). An auth-param list
 * (`Digest realm="x", nonce="y"`) does not match: a name followed by `=` is not a scheme.
 */
const JOINED = /,[ \t]*[A-Za-z0-9!#$%&'*+.^_`|~-]+(?:[ \t]*(?:$|,)|[ \t]+[^= \t])/;

/** True when `token` has the RFC 6750 b64token form that a `Bearer` header can carry. */
export function isB64Token(token: string): boolean {
  return B64TOKEN.test(token);
}

function header(headers: HeaderBag, name: string): string | readonly string[] | undefined {
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const bag = headers as { readonly [name: string]: string | readonly string[] | undefined };
  return bag[name] ?? bag[name.replace(/^./, (c) => c.toUpperCase())];
}

/** Two credentials, two methods or two `Authorization` headers: a fault of the request (400). */
export function multipleTokens(): AuthError {
  return new AuthError({ code: 'multiple_tokens' });
}

function single(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw multipleTokens();
}

function fromQuery(query: RequestCredentials['query']): string | undefined {
  if (!query) return undefined;
  if (query instanceof URLSearchParams) {
    const all = query.getAll('access_token');
    return all.length > 1 ? single(all) : all[0];
  }
  return single(query.access_token);
}

function fromBody(body: unknown, headers: HeaderBag): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const type = header(headers, 'content-type');
  if (typeof type !== 'string' || !/^application\/x-www-form-urlencoded\b/i.test(type))
    return undefined;
  return single((body as Record<string, unknown>).access_token);
}

/** `joined`: the value comes from the Fetch API's `Headers`, where a comma may join two lines. */
function fromAuthorization(
  value: string,
  maxTokenLength: number,
  joined: boolean,
): string | undefined {
  const scheme = SCHEME.exec(value)?.[1];
  if (scheme === undefined) {
    throw new AuthError({ code: 'malformed_authorization' });
  }
  // Another scheme (Basic, DPoP …) is not a bearer credential: treated as no credential.
  if (scheme.toLowerCase() !== 'bearer') {
    if (joined && JOINED.test(value)) throw multipleTokens();
    return undefined;
  }
  if (value.length > maxTokenLength + 16) throw invalidToken('token_too_large');
  if (value.slice(scheme.length).trim() === '') throw invalidToken('empty_token');
  const token = BEARER.exec(value)?.[1];
  if (token === undefined) {
    // A comma is never part of a b64token: from `Headers`, it joined two lines.
    if (joined && value.includes(',')) throw multipleTokens();
    // Not a b64token, or inner spaces: the token is malformed, not the request (as Spring does).
    throw invalidToken('malformed_token');
  }
  return token;
}

/**
 * The text after `Bearer ` (any case) of a request's single Authorization header, unchecked: the
 * cheap first look of a cache lookup. Only a token found in the verified-token cache may skip
 * `extractBearerToken`: the cache holds b64tokens only, so a whole-string match proves the form.
 */
export function bearerCandidate(headers: HeaderBag): string | undefined {
  const value = header(headers, 'authorization');
  if (typeof value !== 'string' || value.length < 8 || value.charCodeAt(6) !== 32) return undefined;
  const scheme = value.slice(0, 6);
  return scheme === 'Bearer' || scheme.toLowerCase() === 'bearer' ? value.slice(7) : undefined;
}

/**
 * Finds the one bearer token of a request (RFC 6750 §2): the `Authorization` header (scheme
 * case-insensitive), and the `access_token` query or form parameter or the `cookie` only when
 * enabled.
 *
 * @throws AuthError 401 without error attribute when there is no bearer credential; 400
 *   `invalid_request` for a header that is not `scheme credentials`, two `Authorization`
 *   headers, or a token in more than one place; 401 `invalid_token` for an empty, oversized
 *   (rejected before any parsing) or malformed token (not an RFC 6750 b64token).
 *
 * @example
 * ```ts
 * const token = extractBearerToken(
 *   { headers: request.headers },
 *   { queryToken: false, bodyToken: false, maxTokenLength: 16_384 },
 * );
 * ```
 */
export function extractBearerToken(request: RequestCredentials, options: BearerOptions): string {
  const found: string[] = [];
  const authorization = header(request.headers, 'authorization');
  if (Array.isArray(authorization)) {
    if (authorization.length > 1) single(authorization);
  }
  const authValue = Array.isArray(authorization)
    ? (authorization[0] as string | undefined)
    : authorization;
  if (typeof authValue === 'string' && authValue.trim() !== '') {
    const joined = typeof (request.headers as Headers).get === 'function';
    const token = fromAuthorization(authValue.trim(), options.maxTokenLength, joined);
    if (token !== undefined) found.push(token);
  }
  if (options.queryToken) {
    const token = fromQuery(request.query);
    if (token !== undefined) found.push(token);
  }
  if (options.bodyToken) {
    const token = fromBody(request.body, request.headers);
    if (token !== undefined) found.push(token);
  }
  if (options.cookie)
    found.push(...cookieTokens(header(request.headers, 'cookie'), options.cookie));
  if (found.length > 1) single(found);
  const token = found[0];
  if (token === undefined) throw new AuthError({ code: 'missing_token' });
  if (token.length === 0) throw invalidToken('empty_token');
  if (token.length > options.maxTokenLength) throw invalidToken('token_too_large');
  return token;
}
