import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import fp from 'fastify-plugin';
import type { AuthError, GuardOptions, Policy, Principal, Verifier } from '@realmguard/core';
import type { VerifierOptions } from '@realmguard/core';
import {
  guardConfig,
  guardRequest,
  nodeHeaders,
  nodeTarget,
  requestGuard,
  requirements,
  type Framework,
  type GuardConfig,
} from '@realmguard/core/adapter';
import { peerCertificate } from './client-certificate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified principal, set by the realmguard plugin or a `requireX` hook. */
    auth?: Principal;
  }
  interface FastifyContextConfig {
    /** `false`: the plugin does not authenticate this route; `'optional'`: only when a token is sent. */
    realmguard?: false | 'optional';
  }
}

/** Renders an AuthError yourself: send the reply (or throw to reach the error handler). */
export type AuthErrorHandler = (
  error: AuthError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

/**
 * `onError: 'throw'` hands the AuthError (with `statusCode` and `headers`) to the application's
 * `setErrorHandler`; a function renders it itself. Default: the RFC 6750 reply.
 */
export type OnError = 'throw' | AuthErrorHandler;

/** Options of the plugin besides the verifier options (or the shared `verifier`). */
export interface RealmguardPluginOptions extends GuardOptions<OnError> {
  /**
   * `false`: the plugin authenticates no route by itself; routes opt in with
   * `onRequest: authenticate` or `preHandler: requireRole(...)`. Default `true`: every route of
   * the context the plugin is registered in (routes opt out with `config: { realmguard: false }`).
   */
  global?: boolean;
}

/** What `app.register(realmguard, …)` accepts: verifier options, or `{ verifier }` to share one. */
export type RealmguardOptions = (VerifierOptions | { verifier: Verifier }) &
  RealmguardPluginOptions;

/** A route hook (`onRequest`, `preValidation` or `preHandler`). */
export type RealmguardHook = (
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => void;

type Config = GuardConfig<OnError>;

const FASTIFY: Framework<FastifyRequest, FastifyReply, HookHandlerDoneFunction, OnError, void> = {
  principal: (request) => request.auth,
  setPrincipal: (request, principal) => {
    request.auth = principal;
  },
  headers: (request) => nodeHeaders(request.raw),
  query: (request) => request.query as Record<string, unknown>,
  body: (request) => request.body,
  target: (request) => nodeTarget(request.raw),
  clientCertificate: (request) => peerCertificate(request.raw.socket),
  send: (error, _request, reply) => {
    void reply.code(error.status).headers(error.headers).send(error.body);
  },
  handle: (onError, error, request, reply, done) => {
    if (onError === 'throw') return done(Object.assign(error, { statusCode: error.status }));
    // A handler that throws (or rejects) hands its error to the application's error handler.
    Promise.resolve()
      .then(() => onError(error, request, reply))
      .catch((thrown: Error) => done(thrown));
  },
  crash: (error, _request, _reply, done) => done(error as Error),
};

const hook =
  (own: Config | undefined, policy?: Policy): RealmguardHook =>
  (request, reply, done) => {
    // Never returns the promise: Fastify would call done a second time when it settles.
    void guardRequest(FASTIFY, own, policy, request, reply, done);
  };

/** The app-wide hook: authenticates every route, as its `config.realmguard` says. */
function everyRoute(config: Config): RealmguardHook {
  const required = hook(config);
  const optional = hook(guardConfig(config.verifier, { ...config, optional: true }));
  return (request, reply, done) => {
    const mode = request.routeOptions.config.realmguard;
    if (mode === 'optional') return optional(request, reply, done);
    if (mode !== false) return required(request, reply, done);
    requestGuard(request, config); // a later requireX still finds the verifier
    done();
  };
}

function plugin(app: FastifyInstance, options: RealmguardOptions, done: (err?: Error) => void) {
  const {
    verifier,
    optional,
    onError,
    global = true,
    ...verifierOptions
  } = options as Partial<{ verifier: Verifier } & RealmguardPluginOptions> & VerifierOptions;
  const config = guardConfig(verifier ?? verifierOptions, { optional, onError });
  if (!app.hasRequestDecorator('auth')) app.decorateRequest('auth', undefined);
  const guard: RealmguardHook = global
    ? everyRoute(config)
    : (request, _reply, next) => {
        requestGuard(request, config); // remembered for the routes' own hooks
        next();
      };
  // A token in a form body can only be read once the body is parsed.
  if (config.verifier.options.bodyToken) app.addHook('preValidation', guard);
  else app.addHook('onRequest', guard);
  done();
}

/**
 * The Fastify plugin: registers a verifier and, by default, authenticates every route of the
 * context it is registered in, putting the principal on `request.auth`. Errors become RFC 6750
 * replies (401, 403, 400, 503) unless `onError` says otherwise.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { realmguard, requireRole } from '@realmguard/fastify';
 *
 * const app = Fastify();
 * await app.register(realmguard, { issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
 * app.get('/admin', { preHandler: requireRole('admin') }, async (request) => ({ user: request.auth?.username }));
 * app.get('/health', { config: { realmguard: false } }, async () => ({ ok: true }));
 * ```
 */
export const realmguard = fp<RealmguardOptions>(plugin, {
  fastify: '4.x || 5.x',
  name: '@realmguard/fastify',
});

/**
 * Authenticates a route with the plugin's verifier, for `global: false` registrations.
 *
 * @example
 * ```ts
 * app.get('/me', { onRequest: authenticate }, async (request) => request.auth);
 * ```
 */
export const authenticate: RealmguardHook = hook(undefined);

export const { requireRole, requireScope, requirePolicy, requirePermission } = requirements(
  (policy): RealmguardHook => hook(undefined, policy),
);
