import { ConfigurationError } from './errors.js';
import { permission, role, scope, type Policy } from './policy.js';
import type { RoleSpec } from './principal.js';

/** The `requireX` middleware factories every adapter offers, over one middleware maker. */
export interface Requirements<M> {
  /** Requires every listed role (`'admin'` realm role, `'orders-api:editor'` client role). */
  readonly requireRole: (...roles: RoleSpec[]) => M;
  /** Requires every listed scope. */
  readonly requireScope: (...scopes: string[]) => M;
  /** Requires a policy of `@realmguard/core`. */
  readonly requirePolicy: (policy: Policy) => M;
  /** Requires Keycloak Authorization Services to grant each permission (`resource#scope`). */
  readonly requirePermission: (...permissions: string[]) => M;
}

/**
 * Builds the four `requireX` factories from an adapter's `policy → middleware` maker, so that
 * every adapter offers the same words with the same meaning.
 *
 * @example
 * ```ts
 * const bound = requirements((policy) => middleware(config, policy));
 * app.get('/admin', bound.requireRole('admin'), handler);
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
 */
export function missingGuardError(): ConfigurationError {
  return new ConfigurationError(
    'realmguard: requireRole/requireScope/requirePolicy/requirePermission found no realmguard() ' +
      'on this request. Add app.use(realmguard({ issuer, audience })) before it, or use the ' +
      'requireX methods of the middleware realmguard() returns: ' +
      'const auth = realmguard(options); auth.requireRole("admin").',
  );
}

/**
 * The `requireX` words for the Web guard: they return the core policies themselves.
 *
 * @example
 * ```ts
 * const guard = createGuard(verifier);
 * const result = await guard(request, requireRole('admin')); // Principal | Response
 * ```
 */
export const { requireRole, requireScope, requirePolicy, requirePermission } = requirements(
  (policy: Policy): Policy => policy,
);
