import type { Context, Env, MiddlewareHandler, Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  authenticateRequest,
  checkPolicy,
  guardConfig,
  isAuthError,
  missingGuardError,
  requestGuard,
  requirements,
  requestCredentials,
  permission,
  role,
  scope,
  type AuthError,
  type GuardConfig,
  type GuardInput,
  type GuardOptions,
  type Policy,
  type Principal,
  type RoleSpec,
  type Verifier,
  type VerifierOptions,
} from '@realmguard/core';
import { cachedConfigs } from './verifier-cache.js';

/** Context variables after authentication: `new Hono<{ Variables: AuthVariables }>()`. */
export interface AuthVariables {
  /** The verified principal. */
  auth: Principal;
}

/** Context variables after optional authentication: no principal when no token was sent. */
export interface OptionalAuthVariables {
  /** The verified principal, or undefined when the request carried no credential. */
  auth: Principal | undefined;
}

/** Renders an AuthError yourself, or throw it to reach `app.onError`. */
export type AuthErrorHandler<E extends Env = Env> = (
  error: AuthError,
  c: Context<E>,
) => Response | Promise<Response>;

/** Options of {@link realmguard} besides the verifier options. */
export type RealmguardOptions<E extends Env = Env> = GuardOptions<AuthErrorHandler<E>>;

/**
 * Verifier options (plus {@link RealmguardOptions}), a verifier to share, or a function of the
 * context that returns verifier options (edge runtimes read `c.env`). One verifier is created
 * per distinct options and reused, never one per request.
 */
export type RealmguardInput<E extends Env = Env> =
  GuardInput<AuthErrorHandler<E>> | ((c: Context<E>) => VerifierOptions | Verifier);

type With<E extends Env, V> = E & { Variables: V };

/** The authentication middleware, with `requireX` middleware bound to its verifier. */
export type Realmguard<E extends Env = Env, V = AuthVariables> = MiddlewareHandler<With<E, V>> & {
  /** {@link requireRole} that authenticates with this guard's verifier when nothing did before. */
  requireRole(...roles: RoleSpec[]): MiddlewareHandler<With<E, AuthVariables>>;
  /** {@link requireScope} that authenticates with this guard's verifier when nothing did before. */
  requireScope(...scopes: string[]): MiddlewareHandler<With<E, AuthVariables>>;
  /** {@link requirePolicy} that authenticates with this guard's verifier when nothing did before. */
  requirePolicy(policy: Policy): MiddlewareHandler<With<E, AuthVariables>>;
  /** {@link requirePermission} that authenticates with this guard's verifier when needed. */
  requirePermission(...permissions: string[]): MiddlewareHandler<With<E, AuthVariables>>;
};

type Config = GuardConfig<AuthErrorHandler<Env>>;
type Handler = MiddlewareHandler<With<Env, OptionalAuthVariables>>;

/** Authenticates (unless a principal is there), checks the policy and renders AuthErrors. */
async function authenticate(
  c: Parameters<Handler>[0],
  next: Next,
  config: Config,
  policy: Policy | undefined,
): Promise<Response | void> {
  try {
    const { verifier } = config;
    const principal =
      c.get('auth') ??
      (await authenticateRequest(
        verifier,
        await requestCredentials(c.req.raw, verifier),
        config.optional && !policy,
      ));
    c.set('auth', principal);
    await checkPolicy(verifier, principal, policy);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    if (config.onError) return config.onError(error, c as unknown as Context<Env>);
    return c.json(error.body, error.status as ContentfulStatusCode, error.headers);
  }
  await next();
}

function middleware(own: ((c: Context) => Config) | undefined, policy?: Policy): Handler {
  return (c, next) => {
    const config = requestGuard(c, own?.(c));
    if (!config) throw missingGuardError();
    if (!policy) {
      // The common request: a token verified before, answered without a promise of ours.
      const principal = c.get('auth') ?? config.verifier.cached({ headers: c.req.raw.headers });
      if (principal) {
        c.set('auth', principal);
        return next();
      }
    }
    return authenticate(c, next, config, policy);
  };
}

/**
 * Authenticates every request with a bearer access token and sets the verified principal as the
 * context variable `auth`. Errors become RFC 6750 responses (401, 403, 400, 503) unless `onError`
 * renders them. Runs on Node.js and edge runtimes.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { realmguard, requireRole } from '@realmguard/hono';
 *
 * const app = new Hono<{ Bindings: { ISSUER: string } }>();
 * app.use(realmguard((c) => ({ issuer: c.env.ISSUER, audience: 'orders-api' })));
 * app.get('/admin', requireRole('admin'), (c) => c.json({ user: c.get('auth').username }));
 * ```
 */
export function realmguard<E extends Env = Env>(
  input: RealmguardInput<E> & { optional: true },
  options?: RealmguardOptions<E>,
): Realmguard<E, OptionalAuthVariables>;
export function realmguard<E extends Env = Env>(
  input: RealmguardInput<E>,
  options: RealmguardOptions<E> & { optional: true },
): Realmguard<E, OptionalAuthVariables>;
export function realmguard<E extends Env = Env>(
  input: RealmguardInput<E>,
  options?: RealmguardOptions<E>,
): Realmguard<E>;
export function realmguard(
  input: RealmguardInput,
  options?: RealmguardOptions,
): Realmguard<Env, OptionalAuthVariables> {
  let configOf: (c: Context) => Config;
  if (typeof input === 'function') configOf = cachedConfigs(input, options);
  else {
    const config = guardConfig(input, options);
    configOf = () => config;
  }
  return Object.assign(
    middleware(configOf),
    requirements((policy) => middleware(configOf, policy)),
  ) as Realmguard<Env, OptionalAuthVariables>;
}

/**
 * Requires every listed role (`'admin'` realm role, `'orders-api:editor'` client role): 403
 * otherwise. Authenticates with the verifier of the `realmguard()` that ran earlier on the request
 * when no principal is there yet.
 *
 * @example
 * ```ts
 * app.delete('/orders/:id', requireRole('orders-api:editor'), (c) => c.body(null, 204));
 * ```
 */
export function requireRole(...roles: RoleSpec[]): MiddlewareHandler<{ Variables: AuthVariables }> {
  return middleware(undefined, role(...roles)) as MiddlewareHandler;
}

/**
 * Requires every listed scope: 403 `insufficient_scope` with the `scope` attribute otherwise.
 *
 * @example
 * ```ts
 * app.get('/orders', requireScope('orders:read'), (c) => c.json([]));
 * ```
 */
export function requireScope(...scopes: string[]): MiddlewareHandler<{ Variables: AuthVariables }> {
  return middleware(undefined, scope(...scopes)) as MiddlewareHandler;
}

/**
 * Requires a policy of `@realmguard/core` (`role`, `scope`, `claim`, `allOf`, `anyOf`).
 *
 * @example
 * ```ts
 * import { anyOf, role } from '@realmguard/core';
 * app.post('/orders/:id/cancel', requirePolicy(anyOf(role('admin'), role('orders-api:editor'))), h);
 * ```
 */
export function requirePolicy(policy: Policy): MiddlewareHandler<{ Variables: AuthVariables }> {
  return middleware(undefined, policy) as MiddlewareHandler;
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
export function requirePermission(
  ...permissions: string[]
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return middleware(undefined, permission(...permissions)) as MiddlewareHandler;
}
