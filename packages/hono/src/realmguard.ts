import type { Context, Env, MiddlewareHandler, Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AuthError, GuardOptions, Policy, Principal } from '@realmguard/core';
import {
  guardConfigOf,
  guardRequest,
  requestCredentials,
  requirements,
  type ContextualGuardInput,
  type Framework,
  type GuardConfig,
  type Requirements,
} from '@realmguard/core/adapter';
import { peerCertificate } from './client-certificate.js';
import { honoHeaders } from './node-headers.js';

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
export type RealmguardInput<E extends Env = Env> = ContextualGuardInput<
  Context<E>,
  AuthErrorHandler<E>
>;

type With<E extends Env, V> = E & { Variables: V };

/** The authentication middleware, with `requireX` middleware bound to its verifier. */
export type Realmguard<E extends Env = Env, V = AuthVariables> = MiddlewareHandler<With<E, V>> &
  Requirements<MiddlewareHandler<With<E, AuthVariables>>>;

type Ctx = Context<With<Env, OptionalAuthVariables>>;
type Result = Response | void | Promise<Response | void>;

const HONO: Framework<Ctx, undefined, Next, AuthErrorHandler, Result> = {
  principal: (c) => c.get('auth'),
  setPrincipal: (c, principal) => c.set('auth', principal),
  headers: (c) => honoHeaders(c.req.raw, c.env),
  credentials: async (c, verifier) => ({
    ...(await requestCredentials(c.req.raw, verifier)),
    headers: honoHeaders(c.req.raw, c.env),
  }),
  target: (c) => ({ method: c.req.method, url: c.req.url }),
  clientCertificate: (c) => peerCertificate(c.env),
  send: (error, c) => c.json(error.body, error.status as ContentfulStatusCode, error.headers),
  handle: (onError, error, c) => onError(error, c as unknown as Context<Env>),
};

function middleware(own: ((c: Ctx) => GuardConfig<AuthErrorHandler>) | undefined, policy?: Policy) {
  return ((c: Ctx, next: Next) =>
    guardRequest(HONO, own?.(c), policy, c, undefined, next)) as MiddlewareHandler;
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
export function realmguard(input: RealmguardInput, options?: RealmguardOptions): Realmguard {
  const configOf = guardConfigOf(input as ContextualGuardInput<Ctx, AuthErrorHandler>, options);
  return Object.assign(
    middleware(configOf),
    requirements((policy) => middleware(configOf, policy)),
  );
}

// The requireX standing alone: each authenticates with the `realmguard()` that ran before it.
// Their TSDoc lives on `Requirements`; one annotated const each keeps the emitted declarations
// portable (naming `MiddlewareHandler`, not the framework's internal type parameters).
type Words = Requirements<MiddlewareHandler<{ Variables: AuthVariables }>>;
const words: Words = requirements((policy) => middleware(undefined, policy));
/** {@inheritDoc @realmguard/core/adapter!Requirements.requireRole} */
export const requireRole: Words['requireRole'] = words.requireRole;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requireScope} */
export const requireScope: Words['requireScope'] = words.requireScope;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requirePolicy} */
export const requirePolicy: Words['requirePolicy'] = words.requirePolicy;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requirePermission} */
export const requirePermission: Words['requirePermission'] = words.requirePermission;
