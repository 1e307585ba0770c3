/**
 * Client scopes, roles and audience, computed from the realm model as Keycloak does (§1.3, §1.6).
 *
 * @module
 */
import type { ResolvedClient, ResolvedRealm } from './model.js';

/** The outcome of scope resolution for one token request. */
export interface GrantedScopes {
  /** `openid` was requested. */
  openid: boolean;
  /** Every granted client scope (default + requested optional), whether or not it shows in `scope`. */
  granted: string[];
  /** The access token `scope` claim. */
  tokenScope: string;
  /** The refresh token `scope` claim: every granted scope. */
  refreshScope: string;
}

/** Thrown for a scope the client may not request (the token endpoint answers `invalid_scope`). */
export class InvalidScopeError extends Error {
  constructor(readonly scopes: string[]) {
    super(`Invalid scopes: ${scopes.join(' ')}`);
    this.name = 'InvalidScopeError';
  }
}

/**
 * Resolves the scopes of a token: the client's default scopes plus requested optional ones.
 *
 * @example
 * ```ts
 * grantScopes(realm, client, 'openid orders:read').tokenScope; // 'openid profile email orders:read'
 * ```
 */
export function grantScopes(
  realm: ResolvedRealm,
  client: ResolvedClient,
  requested = '',
): GrantedScopes {
  const asked = requested.split(' ').filter((s) => s.length > 0);
  const openid = asked.includes('openid');
  const invalid = asked.filter(
    (s) =>
      s !== 'openid' && !client.defaultScopes.includes(s) && !client.optionalScopes.includes(s),
  );
  if (invalid.length > 0) throw new InvalidScopeError(invalid);
  const optional = asked.filter(
    (s) => client.optionalScopes.includes(s) && !client.defaultScopes.includes(s),
  );
  const granted = [...new Set([...client.defaultScopes, ...optional])];
  const included = granted.filter(
    (s) => realm.clientScopes.find((c) => c.name === s)?.includeInTokenScope ?? false,
  );
  const prefix = openid ? ['openid'] : [];
  return {
    openid,
    granted,
    tokenScope: [...prefix, ...included].join(' '),
    refreshScope: [...prefix, ...granted].join(' '),
  };
}

/** The role sets of a subject (a user or a service-account user). */
export interface RoleHolder {
  realmRoles: string[];
  clientRoles: Record<string, string[]>;
}

/**
 * `realm_access.roles`: own roles, then the `default-roles-<realm>` composite and its members.
 *
 * @example
 * ```ts
 * realmRoles(realm, alice); // ['admin', 'default-roles-acme', 'offline_access', 'uma_authorization']
 * ```
 */
export function realmRoles(realm: ResolvedRealm, holder: RoleHolder): string[] {
  return [
    ...new Set([
      ...holder.realmRoles,
      `default-roles-${realm.name}`,
      ...realm.defaultRoles.realmRoles,
    ]),
  ];
}

/**
 * `resource_access`: own client roles, then the client roles of the default-roles composite
 * (the `account` roles that put `account` in nearly every `aud`).
 *
 * @example
 * ```ts
 * resourceAccess(realm, alice); // { 'orders-api': { roles: ['editor'] }, account: { roles: [...] } }
 * ```
 */
export function resourceAccess(
  realm: ResolvedRealm,
  holder: RoleHolder,
): Record<string, { roles: string[] }> {
  const merged: Record<string, string[]> = {};
  for (const source of [holder.clientRoles, realm.defaultRoles.clientRoles]) {
    for (const [clientId, roles] of Object.entries(source)) {
      if (roles.length === 0) continue;
      merged[clientId] = [...new Set([...(merged[clientId] ?? []), ...roles])];
    }
  }
  return Object.fromEntries(
    Object.entries(merged).map(([clientId, roles]) => [clientId, { roles }]),
  );
}

/**
 * `aud` per §1.6: Audience mappers, then Audience Resolve (every `resource_access` client except
 * `azp`; disabled clients skipped). A string for one value, an array for several, undefined for none.
 *
 * @example
 * ```ts
 * audience(realm, ordersWeb, resourceAccess(realm, alice)); // ['orders-api', 'account']
 * ```
 */
export function audience(
  realm: ResolvedRealm,
  client: ResolvedClient,
  access: Record<string, unknown>,
): string | string[] | undefined {
  const disabled = new Set(realm.clients.filter((c) => !c.enabled).map((c) => c.clientId));
  const resolved = Object.keys(access).filter((id) => id !== client.clientId && !disabled.has(id));
  const values = [...new Set([...client.audienceMappers, ...resolved])];
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}
