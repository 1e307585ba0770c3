import { guardConfig, type GuardInput, type GuardOptions } from './adapter/config.js';
import { requestCredentials } from './adapter/credentials.js';
import { guardRequest, type Framework } from './adapter/kernel.js';
import type { AuthError } from './errors.js';
import type { Policy } from './policy.js';
import type { Principal } from './principal.js';

/**
 * The response for an AuthError: its status, `WWW-Authenticate` (or `Retry-After`) and JSON body.
 *
 * @example
 * ```ts
 * if (isAuthError(error)) return authErrorResponse(error);
 * ```
 */
export function authErrorResponse(error: AuthError): Response {
  return Response.json(error.body, { status: error.status, headers: error.headers });
}

/** Renders an AuthError of the Web guard. */
export type GuardErrorHandler = (
  error: AuthError,
  request: Request,
) => Response | Promise<Response>;

/** Authenticates a request and checks `policy`: the principal, or the response to send. */
export type Guard = (request: Request, policy?: Policy) => Promise<Principal | Response>;

/** A guard with optional authentication: `undefined` when the request carries no credential. */
export type OptionalGuard = (
  request: Request,
  policy?: Policy,
) => Promise<Principal | undefined | Response>;

/** One call of the Web guard: the request, and where the kernel puts the principal. */
interface Call {
  readonly request: Request;
  principal: Principal | undefined;
}

type Result = Principal | undefined | Response | Promise<Response>;

const WEB: Framework<Call, undefined, () => Result, GuardErrorHandler, Result> = {
  principal: (call) => call.principal,
  setPrincipal: (call, principal) => {
    call.principal = principal;
  },
  headers: (call) => call.request.headers,
  credentials: (call, verifier) => requestCredentials(call.request, verifier),
  target: (call) => ({ method: call.request.method, url: call.request.url }),
  send: (error) => authErrorResponse(error),
  handle: (onError, error, call) => onError(error, call.request),
};

/**
 * A framework-free guard for Fetch API handlers (edge functions, Deno, Bun, workers). It returns
 * the principal, or the Response to send back. A policy makes authentication required, even in
 * an optional guard.
 *
 * @example
 * ```ts
 * const guard = createGuard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
 *
 * export default {
 *   async fetch(request: Request): Promise<Response> {
 *     const principal = await guard(request, role('admin'));
 *     if (principal instanceof Response) return principal; // 401, 403 or 503
 *     return Response.json({ hello: principal.username });
 *   },
 * };
 * ```
 */
export function createGuard(
  input: GuardInput<GuardErrorHandler> & { optional: true },
  options?: GuardOptions<GuardErrorHandler>,
): OptionalGuard;
export function createGuard(
  input: GuardInput<GuardErrorHandler>,
  options: GuardOptions<GuardErrorHandler> & { optional: true },
): OptionalGuard;
export function createGuard(
  input: GuardInput<GuardErrorHandler>,
  options?: GuardOptions<GuardErrorHandler>,
): Guard;
export function createGuard(
  input: GuardInput<GuardErrorHandler>,
  options?: GuardOptions<GuardErrorHandler>,
): OptionalGuard {
  const config = guardConfig(input, options);
  return async (request, policy) => {
    const call: Call = { request, principal: undefined };
    return guardRequest(WEB, config, policy, call, undefined, () => call.principal);
  };
}
