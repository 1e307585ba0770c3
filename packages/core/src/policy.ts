import { AuthError, isAuthError, type AuthErrorCode } from './errors.js';
import { parseRole, type Principal, type RoleSpec } from './principal.js';

/**
 * An authorization requirement on a verified principal. Policies are plain values, so one
 * `policies.ts` module can serve every service of a monorepo whatever its framework.
 */
export interface Policy {
  /** What the policy requires, in words (used in 403 descriptions). */
  readonly description: string;
  /** @throws AuthError 403 `insufficient_scope` naming what was required. */
  check(principal: Principal): void | Promise<void>;
}

function denied(code: AuthErrorCode, description: string, scope?: string): AuthError {
  return new AuthError({ code, description, scope });
}

function roleName(spec: RoleSpec): string {
  const parsed = parseRole(spec);
  return parsed.kind === 'realm'
    ? `realm role "${parsed.role}"`
    : `client role "${parsed.client}:${parsed.role}"`;
}

/**
 * Requires every listed role. `'admin'`/`'realm:admin'` are realm roles, `'client:role'` a client
 * role. Use {@link anyOf} for alternatives.
 *
 * @example
 * ```ts
 * await role('admin').check(principal);
 * await role('orders-api:editor', 'viewer').check(principal); // both required
 * ```
 */
export function role(...roles: RoleSpec[]): Policy {
  if (roles.length === 0) throw new TypeError('role() needs at least one role');
  const description = `Requires ${roles.map(roleName).join(' and ')}`;
  return {
    description,
    async check(principal) {
      // A Keycloak lightweight token carries no roles: introspection completes it, only here.
      const full = principal.incomplete ? await principal.complete() : principal;
      if (!roles.every((spec) => full.hasRole(spec))) throw denied('missing_role', description);
    },
  };
}

/**
 * Requires every listed scope (space-separated strings are split).
 *
 * @example
 * ```ts
 * await scope('orders:read').check(principal);
 * ```
 */
export function scope(...scopes: string[]): Policy {
  const required = scopes.flatMap((item) => item.split(' ')).filter(Boolean);
  if (required.length === 0) throw new TypeError('scope() needs at least one scope');
  const description = `Requires scope ${required.map((item) => `"${item}"`).join(' and ')}`;
  const header = required.join(' ');
  return {
    description,
    check(principal) {
      if (!required.every((item) => principal.hasScope(item))) {
        throw denied('missing_scope', description, header);
      }
    },
  };
}

/**
 * Requires a claim to satisfy a predicate (or to equal a value).
 *
 * @example
 * ```ts
 * claim('email_verified', true);
 * claim('tenant', (value) => typeof value === 'string' && value.startsWith('eu-'));
 * ```
 */
export function claim(
  name: string,
  expected: ((value: unknown) => boolean) | string | number | boolean,
): Policy {
  const test = typeof expected === 'function' ? expected : (value: unknown) => value === expected;
  const description = `Requires claim "${name}" to match`;
  return {
    description,
    async check(principal) {
      const full =
        principal.incomplete && !(name in principal.claims)
          ? await principal.complete()
          : principal;
      if (!test(full.claims[name])) throw denied('claim_mismatch', description);
    },
  };
}

/** The 403 for a permission that Keycloak Authorization Services did not grant. */
export function permissionDenied(permission: string): AuthError {
  return denied('missing_permission', `Requires permission "${permission}"`);
}

/**
 * Requires Keycloak Authorization Services (UMA) to grant each permission (`resource#scope`,
 * `resource`, or `#scope`); decisions are cached per token. Needs a principal from a verifier.
 *
 * @example
 * ```ts
 * await permission('orders#read').check(principal);
 * ```
 */
export function permission(...permissions: string[]): Policy {
  if (permissions.length === 0) throw new TypeError('permission() needs at least one permission');
  return {
    description: `Requires permission ${permissions.map((p) => `"${p}"`).join(' and ')}`,
    async check(principal) {
      for (const wanted of permissions) {
        if (!(await principal.hasPermission(wanted))) throw permissionDenied(wanted);
      }
    },
  };
}

/**
 * Requires every policy.
 *
 * @example
 * ```ts
 * const reports = allOf(scope('orders:read'), claim('email_verified', true));
 * await reports.check(principal);
 * ```
 */
export function allOf(...policies: Policy[]): Policy {
  if (policies.length === 0) throw new TypeError('allOf() needs at least one policy');
  return {
    description: policies.map((policy) => policy.description).join('; '),
    async check(principal) {
      for (const policy of policies) await policy.check(principal);
    },
  };
}

/**
 * Requires at least one policy; the 403 names every alternative.
 *
 * @example
 * ```ts
 * const canCancel = anyOf(role('admin'), role('orders-api:editor'));
 * await canCancel.check(principal);
 * ```
 */
export function anyOf(...policies: Policy[]): Policy {
  if (policies.length === 0) throw new TypeError('anyOf() needs at least one policy');
  const description = `Requires one of: ${policies.map((policy) => policy.description).join(' | ')}`;
  return {
    description,
    async check(principal) {
      const scopes: string[] = [];
      for (const policy of policies) {
        try {
          await policy.check(principal);
          return;
        } catch (error) {
          if (!isAuthError(error) || error.status !== 403) throw error;
          if (error.scope) scopes.push(error.scope);
        }
      }
      throw denied('policy_denied', description, scopes.length > 0 ? scopes.join(' ') : undefined);
    },
  };
}
