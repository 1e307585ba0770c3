import type { HeaderBag, RequestCredentials } from '../bearer.js';
import { policyChallenge } from '../dpop/challenge.js';
import type { RequestTarget } from '../dpop/options.js';
import { withSender } from '../dpop/request.js';
import { inRealm, isAuthError, type AuthError } from '../errors.js';
import type { Policy } from '../policy.js';
import type { Principal } from '../principal.js';
import type { Verifier } from '../verifier.js';
import { requestGuard, type GuardConfig } from './config.js';
import { missingGuardError } from './requirements.js';

/**
 * What the kernel needs to know about one framework; everything else is {@link guardRequest}.
 *
 * - `Req`: the object the principal lives on (Express `req`, Koa `ctx`, Hono `c`).
 * - `Res`: a second object the framework hands a middleware (Express `res`), or `undefined`.
 * - `Next`: the continuation the middleware calls to let the request go on.
 * - `E`: the adapter's `onError` type; `R`: what its middleware returns.
 *
 * @example
 * ```ts
 * const KOA: Framework<Context, undefined, Next, AuthErrorHandler, Promise<unknown>> = {
 *   principal: (ctx) => ctx.state.auth,
 *   setPrincipal: (ctx, principal) => void (ctx.state.auth = principal),
 *   headers: (ctx) => nodeHeaders(ctx.req),
 *   query: (ctx) => ctx.query,
 *   send: async (error, ctx) => void Object.assign(ctx, { status: error.status, body: error.body }),
 *   handle: async (onError, error, ctx) => onError(error, ctx),
 * };
 * ```
 */
export interface Framework<Req extends object, Res, Next extends () => R, E, R> {
  /** The principal a middleware earlier on this request put there, if any. */
  principal(req: Req): Principal | undefined;
  /** Stores the principal (`undefined`: optional authentication, and no credential was sent). */
  setPrincipal(req: Req, principal: Principal | undefined): void;
  /** The request's headers, read on every request (the cache fast path): keep it cheap. */
  headers(req: Req): HeaderBag;
  /** The parsed query string, read only when the verifier accepts a query token. */
  query?(req: Req): RequestCredentials['query'];
  /** The parsed body, read only when the verifier accepts a form-body token. */
  body?(req: Req): unknown;
  /** The credentials, instead of `headers`, `query` and `body`, on the slow path (Fetch API). */
  credentials?(req: Req, verifier: Verifier): RequestCredentials | Promise<RequestCredentials>;
  /**
   * The request's method and absolute URL as the server received it, for DPoP proofs (`htm`,
   * `htu`). Read only when a DPoP proof is checked.
   */
  target?(req: Req): RequestTarget;
  /**
   * The DER bytes of the TLS client certificate of the connection, for certificate-bound
   * tokens (RFC 8705). Read only for such a token. Node adapters only.
   */
  clientCertificate?(req: Req): Uint8Array | undefined;
  /** Sends the default answer to an AuthError: its `status`, `headers` and JSON `body`. */
  send(error: AuthError, req: Req, res: Res, next: Next): R;
  /** Hands an AuthError to the `onError` the user configured. */
  handle(onError: E, error: AuthError, req: Req, res: Res, next: Next): R;
  /**
   * Passes on a failure that is not an AuthError (a bug, or a `requireX` with no `realmguard()`
   * before it). Without this hook the error is thrown (a rejected promise on the slow path).
   */
  crash?(error: unknown, req: Req, res: Res, next: Next): R;
}

/**
 * Guards one request, the same way in every adapter:
 * 1. the guard config: `own`, or the one the first `realmguard()` on this request remembered
 *    (none: a wiring mistake, passed to `crash`);
 * 2. without a policy, the cache fast path: the principal already on the request, or the one
 *    `verifier.cached()` knows, then `next()`, synchronously (no promise);
 * 3. otherwise {@link authenticateRequest} (optional only without a policy), then
 *    {@link checkPolicy}, then `next()`;
 * 4. an AuthError goes to the user's `onError` when there is one, else to `send`.
 *
 * @example
 * ```ts
 * const middleware = (own: Config | undefined, policy?: Policy): Middleware =>
 *   (ctx, next) => guardRequest(KOA, own, policy, ctx, undefined, next);
 * ```
 */
export function guardRequest<Req extends object, Res, Next extends () => R, E, R>(
  framework: Framework<Req, Res, Next, E, R>,
  own: GuardConfig<E> | undefined,
  policy: Policy | undefined,
  req: Req,
  res: Res,
  next: Next,
): R | Promise<R> {
  const config = requestGuard(req, own);
  if (config === undefined) return crash(framework, missingGuardError(), req, res, next);
  if (policy === undefined) {
    // The common request: a token verified before, answered without a promise.
    const principal =
      framework.principal(req) ?? config.verifier.cached({ headers: framework.headers(req) });
    if (principal !== undefined) {
      framework.setPrincipal(req, principal);
      return next();
    }
  }
  return authenticate(framework, config, policy, req, res, next);
}

async function authenticate<Req extends object, Res, Next extends () => R, E, R>(
  framework: Framework<Req, Res, Next, E, R>,
  config: GuardConfig<E>,
  policy: Policy | undefined,
  req: Req,
  res: Res,
  next: Next,
): Promise<R> {
  const { verifier } = config;
  try {
    let principal = framework.principal(req);
    if (principal === undefined) {
      const credentials = framework.credentials
        ? await framework.credentials(req, verifier)
        : credentialsOf(framework, req, verifier);
      withSender(credentials, framework, req);
      principal = await authenticateRequest(verifier, credentials, config.optional && !policy);
      framework.setPrincipal(req, principal);
    }
    if (policy !== undefined) await checkPolicy(verifier, principal, policy);
  } catch (error) {
    if (!isAuthError(error)) return crash(framework, error, req, res, next);
    return config.onError === undefined
      ? framework.send(error, req, res, next)
      : framework.handle(config.onError, error, req, res, next);
  }
  // Outside the try: an error of a later middleware is not ours to render.
  return next();
}

function credentialsOf<Req extends object>(
  framework: Framework<Req, never, never, unknown, unknown>,
  req: Req,
  verifier: Verifier,
): RequestCredentials {
  // Parsing a query string or reading a body costs on every request: only when enabled.
  const credentials: RequestCredentials = { headers: framework.headers(req) };
  if (verifier.options.queryToken) credentials.query = framework.query?.(req);
  if (verifier.options.bodyToken) credentials.body = framework.body?.(req);
  return credentials;
}

function crash<Req extends object, Res, Next extends () => R, E, R>(
  framework: Framework<Req, Res, Next, E, R>,
  error: unknown,
  req: Req,
  res: Res,
  next: Next,
): R {
  if (framework.crash === undefined) throw error;
  return framework.crash(error, req, res, next);
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
    const answer = inRealm(error, verifier.options.realm);
    if (isAuthError(answer)) answer.challenge ??= policyChallenge(verifier.options.dpop, principal);
    throw answer;
  }
}
