import type { NextFunction, Request, RequestHandler, Response } from 'express';
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

const EXPRESS: Framework<Request, Response, NextFunction, 'next' | AuthErrorHandler, void> = {
  principal: (req) => req.auth,
  setPrincipal: (req, principal) => {
    req.auth = principal;
  },
  headers: nodeHeaders,
  query: (req) => req.query,
  body: (req) => req.body as unknown,
  target: (req) => nodeTarget(req, req.originalUrl),
  clientCertificate: (req) => peerCertificate(req.socket),
  send: (error, _req, res) => {
    res.status(error.status).set(error.headers).json(error.body);
  },
  handle: (onError, error, req, res, next) => {
    if (onError === 'next') return next(error);
    try {
      onError(error, req, res, next);
    } catch (thrown) {
      next(thrown); // an onError that throws hands the error on, as in Koa and Hono
    }
  },
  crash: (error, _req, _res, next) => next(error),
};

function middleware(own: Config | undefined, policy?: Policy): RequestHandler {
  // Never returns the promise: Express 5 would pass a rejection to next() a second time.
  return (req, res, next) => {
    void guardRequest(EXPRESS, own, policy, req, res, next);
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

// The requireX standing alone: each authenticates with the `realmguard()` that ran before it.
// Their TSDoc lives on `Requirements`; one annotated const each keeps the emitted declarations
// portable (naming `RequestHandler`, not the framework's internal type parameters).
type Words = Requirements<RequestHandler>;
const words: Words = requirements((policy) => middleware(undefined, policy));
/** {@inheritDoc @realmguard/core/adapter!Requirements.requireRole} */
export const requireRole: Words['requireRole'] = words.requireRole;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requireScope} */
export const requireScope: Words['requireScope'] = words.requireScope;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requirePolicy} */
export const requirePolicy: Words['requirePolicy'] = words.requirePolicy;
/** {@inheritDoc @realmguard/core/adapter!Requirements.requirePermission} */
export const requirePermission: Words['requirePermission'] = words.requirePermission;
