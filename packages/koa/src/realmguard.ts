import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { AuthError, GuardInput, GuardOptions, Policy, Principal } from '@realmguard/core';
import {
  guardConfig,
  guardRequest,
  nodeHeaders,
  nodeTarget,
  requirements,
  type Framework,
  type GuardConfig,
  type Requirements,
} from '@realmguard/core/adapter';
import { peerCertificate } from './client-certificate.js';

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

const KOA: Framework<AuthContext, undefined, Next, AuthErrorHandler, unknown> = {
  principal: (ctx) => ctx.state.auth,
  setPrincipal: (ctx, principal) => {
    ctx.state.auth = principal;
  },
  headers: (ctx) => nodeHeaders(ctx.req),
  query: (ctx) => ctx.query,
  body: (ctx) => (ctx.request as { body?: unknown }).body,
  target: (ctx) => nodeTarget(ctx.req, ctx.originalUrl),
  clientCertificate: (ctx) => peerCertificate(ctx.req.socket),
  send: (error, ctx) => {
    ctx.status = error.status;
    ctx.set(error.headers);
    ctx.body = error.body;
  },
  handle: (onError, error, ctx) => onError(error, ctx),
};

function middleware(own: Config | undefined, policy?: Policy): Middleware<AuthState> {
  return (ctx, next) => guardRequest(KOA, own, policy, ctx, undefined, next);
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

// The requireX standing alone: each authenticates with the `realmguard()` that ran before it.
// Their TSDoc lives on `Requirements`; one annotated const each keeps the emitted declarations
// portable (naming `Middleware`, not the framework's internal type parameters).
type Words = Requirements<Middleware<AuthState>>;
const words: Words = requirements((policy) => middleware(undefined, policy));
/** {@inheritDoc @realmguard/core/adapter!Requirements.requireRole} */
export const requireRole: Words['requireRole'] = words.requireRole;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requireScope} */
export const requireScope: Words['requireScope'] = words.requireScope;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requirePolicy} */
export const requirePolicy: Words['requirePolicy'] = words.requirePolicy;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requirePermission} */
export const requirePermission: Words['requirePermission'] = words.requirePermission;
