import { ConfigurationError } from '../errors.js';
import { permission, role, scope, type Policy } from '../policy.js';
import type { RoleSpec } from '../principal.js';

/**
 * The `requireX` middleware every adapter offers, standalone and bound to a guard. The words
 * and their meaning are the same in Express, Koa, Hono and every other adapter: only the
 * middleware type `M` differs. A standalone `requireX` authenticates with the verifier of the
 * `realmguard()` that ran earlier on the request when no principal is there yet.
 */
export interface Requirements<M> {
  /**
   * Requires every listed role (`'admin'` realm role, `'orders-api:editor'` client role): 403
   * `insufficient_scope` otherwise.
   *
   * @example
   * ```ts
   * app.delete('/orders/:id', requireRole('orders-api:editor'), handler);
   * ```
   */
  readonly requireRole: (...roles: RoleSpec[]) => M;
  /**
   * Requires every listed scope: 403 `insufficient_scope` with the `scope` attribute otherwise.
   *
   * @example
   * ```ts
   * app.get('/orders', requireScope('orders:read'), handler);
   * ```
   */
  readonly requireScope: (...scopes: string[]) => M;
  /**
   * Requires a policy of `@realmguard/core` (`role`, `scope`, `claim`, `allOf`, `anyOf`).
   *
   * @example
   * ```ts
   * import { anyOf, role } from '@realmguard/core';
   * app.post('/orders/:id/cancel', requirePolicy(anyOf(role('admin'), role('orders-api:editor'))), handler);
   * ```
   */
  readonly requirePolicy: (policy: Policy) => M;
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
  readonly requirePermission: (...permissions: string[]) => M;
}

/**
 * Builds the four `requireX` factories from an adapter's `policy → middleware` maker, so that
 * every adapter offers the same words with the same meaning (and the TSDoc of
 * {@link Requirements}, which each export inherits with an `inheritDoc` tag). Export each with
 * its own annotation, so that the emitted declaration names the middleware type (a destructured
 * export spells out the framework's type parameters).
 *
 * @example
 * ```ts
 * type Words = Requirements<RequestHandler>;
 * const words: Words = requirements((policy) => middleware(undefined, policy));
 * export const requireRole: Words['requireRole'] = words.requireRole;
 * ```
 */
export function requirements<M>(make: (policy: Policy) => M): Requirements<M> {
  return {
    requireRole: (...roles) => make(role(...roles)),
    requireScope: (...scopes) => make(scope(...scopes)),
    requirePolicy: (policy) => make(policy),
    requirePermission: (...permissions) => make(permission(...permissions)),
  };
}

/**
 * The error of a `requireX` used on a request that no `realmguard()` authenticated: a wiring
 * mistake, reported as such (a 500 in every framework), never as a 401.
 *
 * @example
 * ```ts
 * if (config === undefined) throw missingGuardError();
 * ```
 */
export function missingGuardError(): ConfigurationError {
  return new ConfigurationError(
    'realmguard: requireRole/requireScope/requirePolicy/requirePermission found no realmguard() ' +
      'on this request. Add app.use(realmguard({ issuer, audience })) before it, or use the ' +
      'requireX methods of the middleware realmguard() returns: ' +
      'const auth = realmguard(options); auth.requireRole("admin").',
  );
}
