/**
 * Reading one header of a request as Node, Koa or the Fetch API give them, and the rule for the
 * `DPoP` header: exactly one proof (RFC 9449 §4.3 item 1).
 */
import type { HeaderBag } from '../bearer.js';
import { AuthError } from '../errors.js';

/**
 * The raw value of a header (`name` in lower case): a string, a list when a Node framework kept
 * several lines, or undefined.
 *
 * @example
 * ```ts
 * headerValues(request.headers, 'dpop');
 * ```
 */
export function headerValues(
  headers: HeaderBag,
  name: string,
): string | readonly string[] | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const bag = headers as { readonly [name: string]: string | readonly string[] | undefined };
  return bag[name] ?? bag[name.replace(/^./, (c) => c.toUpperCase())];
}

/**
 * One header value as a string (several lines joined by `, `, as HTTP combines them).
 *
 * @example
 * ```ts
 * headerValue(headers, 'x-forwarded-proto'); // 'https'
 * ```
 */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headerValues(headers, name);
  return typeof value === 'string' ? value : value?.join(', ');
}

/** Two `DPoP` headers: a malformed request (400), as two `Authorization` headers are. */
export function multipleProofs(): AuthError {
  return new AuthError({ code: 'multiple_dpop_proofs' });
}

/**
 * The request's one DPoP proof, or undefined when it has none.
 * @throws AuthError 400 `invalid_request` for two or more `DPoP` headers (Node and the Fetch API
 *   join repeated lines with a comma, which no compact JWS contains).
 *
 * @example
 * ```ts
 * const proof = singleProof(request.headers);
 * ```
 */
export function singleProof(headers: HeaderBag): string | undefined {
  const value = headerValues(headers, 'dpop');
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    if (value.length > 1) throw multipleProofs();
    return value[0]?.trim();
  }
  if (value.includes(',')) throw multipleProofs();
  return value.trim();
}
