import type { RequestCredentials } from './bearer.js';
import { isAuthError, type AuthError } from './errors.js';
import type { VerifierOptions } from './options.js';
import type { Policy } from './policy.js';
import type { Principal } from './principal.js';
import { createVerifier, type Verifier } from './verifier.js';

/**
 * Options every adapter shares on top of the verifier options: `optional` authentication and a
 * custom error renderer `E` (its shape depends on the framework).
 */
export interface GuardOptions<E = never> {
  /** No credential → the request goes on without a principal. An invalid token is still rejected. */
  optional?: boolean;
  /** Renders an AuthError yourself instead of the default status, headers and JSON body. */
  onError?: E;
}

/** What `realmguard(...)` and `createGuard(...)` accept: options, or a verifier to share. */
export type GuardInput<E = never> = (VerifierOptions & GuardOptions<E>) | Verifier;

/** A resolved guard: the verifier and the adapter options, defaults filled in. */
export interface GuardConfig<E = never> {
  readonly verifier: Verifier;
  readonly optional: boolean;
  readonly onError: E | undefined;
}

/**
 * True when `value` is a verifier made by `createVerifier`, rather than options for one.
 *
 * @example
 * ```ts
 * isVerifier(createVerifier({ issuer, audience })); // true
 * isVerifier({ issuer, audience }); // false
 * ```
 */
export function isVerifier(value: unknown): value is Verifier {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Verifier).authenticate === 'function' &&
    typeof (value as Verifier).verify === 'function'
  );
}

/**
 * Resolves what an adapter was given: creates the verifier (once) unless one was passed, and
 * merges the adapter options of the first and second argument (the second wins).
 *
 * @example
 * ```ts
 * const config = guardConfig({ issuer, audience: 'orders-api', optional: true });
 * const shared = guardConfig(config.verifier, { onError });
 * ```
 */
export function guardConfig<E>(
  input: GuardInput<E>,
  options: GuardOptions<E> = {},
): GuardConfig<E> {
  const inline: GuardOptions<E> = isVerifier(input) ? {} : input;
  return {
    verifier: isVerifier(input) ? input : createVerifier(input),
    optional: (options.optional ?? inline.optional) === true,
    onError: options.onError ?? inline.onError,
  };
}

const GUARD = Symbol('realmguard.guard');

/**
 * The guard of a framework request object (Express `req`, Koa `ctx`, Hono `c`): `own` when the
 * middleware has one (the first to run is remembered on the object), else the one remembered,
 * so that a later `requireX` reuses the verifier of the `realmguard()` that ran before it. A
 * symbol property, not a WeakMap entry per request.
 *
 * @example
 * ```ts
 * const config = requestGuard(req, own);
 * if (!config) return next(missingGuardError());
 * ```
 */
export function requestGuard<E>(
  request: object,
  own: GuardConfig<E> | undefined,
): GuardConfig<E> | undefined {
  const holder = request as { [GUARD]?: GuardConfig<E> };
  if (own === undefined) return holder[GUARD];
  holder[GUARD] ??= own;
  return own;
}

/**
 * Authenticates a request. With `optional`, a request that carries no credential resolves to
 * `undefined`; every other failure (an invalid token included) rejects with the AuthError.
 *
 * @example
 * ```ts
 * const principal = await authenticateRequest(verifier, { headers: req.headers }, true);
 * ```
 */
export function authenticateRequest(
  verifier: Verifier,
  credentials: RequestCredentials,
  optional = false,
): Promise<Principal | undefined> {
  const principal = verifier.authenticate(credentials);
  if (!optional) return principal;
  return principal.catch((error: unknown) => {
    if (isAuthError(error) && error.code === 'missing_token') return undefined;
    throw error;
  });
}

/**
 * Checks `policy` (when given) against a principal (when there is one). A 403 gets the
 * verifier's `realm` in its `WWW-Authenticate`, as the verifier's own errors do.
 *
 * @example
 * ```ts
 * await checkPolicy(verifier, principal, role('admin')); // throws a 403 AuthError
 * ```
 */
export async function checkPolicy(
  verifier: Verifier,
  principal: Principal | undefined,
  policy: Policy | undefined,
): Promise<void> {
  if (!policy || !principal) return;
  try {
    await policy.check(principal);
  } catch (error) {
    if (isAuthError(error)) error.realm = verifier.options.realm;
    throw error;
  }
}

/**
 * The credentials of a Node framework request (Express, Koa): its headers, plus the parsed query
 * and body only when the verifier reads tokens from them (parsing them costs on every request).
 *
 * @example
 * ```ts
 * credentialsFrom(verifier, req.headers, () => req.query, () => req.body);
 * ```
 */
export function credentialsFrom(
  verifier: Verifier,
  headers: RequestCredentials['headers'],
  query: () => RequestCredentials['query'],
  body: () => unknown,
): RequestCredentials {
  // Parsing a query string or reading a body costs on every request: only when enabled.
  const { queryToken, bodyToken } = verifier.options;
  const credentials: RequestCredentials = { headers };
  if (queryToken) credentials.query = query();
  if (bodyToken) credentials.body = body();
  return credentials;
}

/**
 * The credentials of a Fetch API request: its headers, plus the query string and a form body
 * only when the verifier reads tokens from them.
 *
 * @example
 * ```ts
 * const principal = await verifier.authenticate(await requestCredentials(request, verifier));
 * ```
 */
export async function requestCredentials(
  request: Request,
  verifier: Verifier,
): Promise<RequestCredentials> {
  const credentials: RequestCredentials = { headers: request.headers };
  if (verifier.options.queryToken) credentials.query = new URL(request.url).searchParams;
  if (
    verifier.options.bodyToken &&
    !request.bodyUsed &&
    /^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')
  ) {
    const tokens = new URLSearchParams(await request.clone().text()).getAll('access_token');
    credentials.body = { access_token: tokens.length > 1 ? tokens : tokens[0] };
  }
  return credentials;
}

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
  const { verifier, optional, onError } = guardConfig(input, options);
  return async (request, policy) => {
    try {
      const credentials = await requestCredentials(request, verifier);
      const principal = await authenticateRequest(verifier, credentials, optional && !policy);
      await checkPolicy(verifier, principal, policy);
      return principal;
    } catch (error) {
      if (!isAuthError(error)) throw error;
      return onError ? onError(error, request) : authErrorResponse(error);
    }
  };
}
