import type { Middleware, ParameterizedContext } from 'koa';
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

/** What the middleware puts on `ctx.state`: `new Koa<AuthState>()` types `ctx.state.auth`. */
export interface AuthState {
  /** The verified principal, set by `realmguard()` or a `requireX` middleware. */
  auth?: Principal;
}

/** The context the middleware runs with. */
export type AuthContext = ParameterizedContext<AuthState>;

/**
 * Renders an AuthError yourself (set `ctx.status` and `ctx.body`), or throw it to hand it to
 * your own error-handling middleware.
 */
export type AuthErrorHandler = (error: AuthError, ctx: AuthContext) => void | Promise<void>;

/** Options of {@link realmguard} besides the verifier options. */
export type RealmguardOptions = GuardOptions<AuthErrorHandler>;

/** Verifier options (plus {@link RealmguardOptions}), or a verifier to share. */
export type RealmguardInput = GuardInput<AuthErrorHandler>;

/** The authentication middleware, with `requireX` middleware bound to its verifier. */
export interface Realmguard extends Middleware<AuthState>, Requirements<Middleware<AuthState>> {}

type Config = GuardConfig<AuthErrorHandler>;

/** Authenticates (unless a principal is there), checks the policy and renders AuthErrors. */
async function authenticate(
  ctx: AuthContext,
  next: () => Promise<unknown>,
  config: Config,
  policy: Policy | undefined,
): Promise<unknown> {
  try {
    ctx.state.auth ??= await authenticateRequest(
      config.verifier,
      credentialsFrom(
        config.verifier,
        ctx.headers,
        () => ctx.query,
        () => (ctx.request as { body?: unknown }).body,
      ),
      config.optional && !policy,
    );
    await checkPolicy(config.verifier, ctx.state.auth, policy);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    if (config.onError) return config.onError(error, ctx);
    ctx.status = error.status;
    ctx.set(error.headers);
    ctx.body = error.body;
    return;
  }
  return next();
}

function middleware(own: Config | undefined, policy?: Policy): Middleware<AuthState> {
  return (ctx, next) => {
    const config = requestGuard(ctx, own);
    if (!config) throw missingGuardError();
    if (!policy) {
      // The common request: a token verified before, answered without a promise of ours.
      const principal = ctx.state.auth ?? config.verifier.cached({ headers: ctx.headers });
      if (principal) {
        ctx.state.auth = principal;
        return next();
      }
    }
    return authenticate(ctx, next, config, policy);
  };
}

/**
 * Authenticates every request with a bearer access token and puts the verified principal on
 * `ctx.state.auth`. Errors become RFC 6750 responses (401, 403, 400, 503) unless `onError` renders
 * them.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { realmguard, type AuthState } from '@realmguard/koa';
 *
 * const app = new Koa<AuthState>();
 * app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }));
 * app.use((ctx) => { ctx.body = { user: ctx.state.auth?.username }; });
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
 * router.delete('/orders/:id', requireRole('orders-api:editor'), handler);
 * ```
 */
export function requireRole(...roles: RoleSpec[]): Middleware<AuthState> {
  return middleware(undefined, role(...roles));
}

/**
 * Requires every listed scope: 403 `insufficient_scope` with the `scope` attribute otherwise.
 *
 * @example
 * ```ts
 * router.get('/orders', requireScope('orders:read'), handler);
 * ```
 */
export function requireScope(...scopes: string[]): Middleware<AuthState> {
  return middleware(undefined, scope(...scopes));
}

/**
 * Requires a policy of `@realmguard/core` (`role`, `scope`, `claim`, `allOf`, `anyOf`).
 *
 * @example
 * ```ts
 * import { anyOf, role } from '@realmguard/core';
 * router.post('/orders/:id/cancel', requirePolicy(anyOf(role('admin'), role('orders-api:editor'))), handler);
 * ```
 */
export function requirePolicy(policy: Policy): Middleware<AuthState> {
  return middleware(undefined, policy);
}

/**
 * Requires Keycloak Authorization Services (UMA) to grant each permission (`resource#scope`,
 * `resource` or `#scope`), asked with the request's token; 403 `insufficient_scope` otherwise.
 * Decisions are cached per token and permission.
 *
 * @example
 * ```ts
 * router.get('/documents/:id', requirePermission('documents#read'), handler);
 * ```
 */
export function requirePermission(...permissions: string[]): Middleware<AuthState> {
  return middleware(undefined, permission(...permissions));
}
