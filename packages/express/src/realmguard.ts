import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  authenticateRequest,
  checkPolicy,
  credentialsFrom,
  guardConfig,
  isAuthError,
  missingGuardError,
  requestGuard,
  requirements,
  permission,
  role,
  scope,
  type AuthError,
  type GuardConfig,
  type GuardInput,
  type GuardOptions,
  type Policy,
  type Requirements,
  type Principal,
  type RoleSpec,
} from '@realmguard/core';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified principal, set by `realmguard()` or a `requireX` middleware. */
      auth?: Principal;
    }
  }
}

/** Renders an AuthError yourself, with the arguments of an Express error handler. */
export type AuthErrorHandler = (
  error: AuthError,
  req: Request,
  res: Response,
  next: NextFunction,
) => void;

/**
 * Options of {@link realmguard} besides the verifier options. `onError: 'next'` hands the
 * AuthError to `next(err)`: it carries `status` and `headers`, as Express's error handler expects.
 */
export type RealmguardOptions = GuardOptions<'next' | AuthErrorHandler>;

/** Verifier options (plus {@link RealmguardOptions}), or a verifier to share. */
export type RealmguardInput = GuardInput<'next' | AuthErrorHandler>;

/** The authentication middleware, with `requireX` middleware bound to its verifier. */
export interface Realmguard extends RequestHandler, Requirements<RequestHandler> {}

type Config = GuardConfig<'next' | AuthErrorHandler>;

/** The guard that first ran on each request; a later `requireX` reuses its verifier. */
function reject(config: Config, error: unknown, req: Request, res: Response, next: NextFunction) {
  if (!isAuthError(error) || config.onError === 'next') return next(error);
  if (config.onError) {
    try {
      return config.onError(error, req, res, next);
    } catch (thrown) {
      return next(thrown); // an onError that throws hands the error on, as in Koa and Hono
    }
  }
  res.status(error.status).set(error.headers).json(error.body);
}

function middleware(own: Config | undefined, policy?: Policy): RequestHandler {
  return (req, res, next) => {
    const config = requestGuard(req, own);
    if (!config) return next(missingGuardError());
    if (!policy) {
      // The common request: a token verified before, answered without a promise.
      const principal = req.auth ?? config.verifier.cached({ headers: req.headers });
      if (principal) {
        req.auth = principal;
        return next();
      }
    }
    const credentials = credentialsFrom(
      config.verifier,
      req.headers,
      () => req.query,
      () => req.body as unknown,
    );
    const authenticated = req.auth
      ? Promise.resolve(req.auth)
      : authenticateRequest(config.verifier, credentials, config.optional && !policy);
    authenticated
      .then(async (principal) => {
        req.auth = principal;
        await checkPolicy(config.verifier, principal, policy);
      })
      // next() outside the promise chain's catch: errors of later handlers are not ours.
      .then(
        () => next(),
        (error: unknown) => reject(config, error, req, res, next),
      );
  };
}

/**
 * Authenticates every request with a bearer access token and puts the verified principal on
 * `req.auth`. Errors become RFC 6750 responses (401, 403, 400, 503) unless `onError` says otherwise.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { realmguard, requireRole } from '@realmguard/express';
 *
 * const app = express();
 * app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }));
 * app.get('/admin', requireRole('admin'), (req, res) => res.json({ user: req.auth?.username }));
 * ```
 */
export function realmguard(input: RealmguardInput, options?: RealmguardOptions): Realmguard {
  const config = guardConfig(input, options);
  return Object.assign(
    middleware(config),
    requirements((policy) => middleware(config, policy)),
  );
}

/**
 * Requires every listed role (`'admin'` realm role, `'orders-api:editor'` client role): 403
 * otherwise. Authenticates with the verifier of the `realmguard()` that ran earlier on the request
 * when no principal is there yet.
 *
 * @example
 * ```ts
 * app.delete('/orders/:id', requireRole('orders-api:editor'), handler);
 * ```
 */
export function requireRole(...roles: RoleSpec[]): RequestHandler {
  return middleware(undefined, role(...roles));
}

/**
 * Requires every listed scope: 403 `insufficient_scope` with the `scope` attribute otherwise.
 *
 * @example
 * ```ts
 * app.get('/orders', requireScope('orders:read'), handler);
 * ```
 */
export function requireScope(...scopes: string[]): RequestHandler {
  return middleware(undefined, scope(...scopes));
}

/**
 * Requires a policy of `@realmguard/core` (`role`, `scope`, `claim`, `allOf`, `anyOf`).
 *
 * @example
 * ```ts
 * import { anyOf, role } from '@realmguard/core';
 * app.post('/orders/:id/cancel', requirePolicy(anyOf(role('admin'), role('orders-api:editor'))), handler);
 * ```
 */
export function requirePolicy(policy: Policy): RequestHandler {
  return middleware(undefined, policy);
}

/**
 * Requires Keycloak Authorization Services (UMA) to grant each permission (`resource#scope`,
 * `resource` or `#scope`), asked with the request's token; 403 `insufficient_scope` otherwise.
 * Decisions are cached per token and permission.
 *
 * @example
 * ```ts
 * app.get('/documents/:id', requirePermission('documents#read'), handler);
 * ```
 */
export function requirePermission(...permissions: string[]): RequestHandler {
  return middleware(undefined, permission(...permissions));
}
