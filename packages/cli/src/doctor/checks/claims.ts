/** Reading Keycloak claims without trusting their shape. */

/** `aud` as a list (a string is one audience), or undefined when it is malformed. */
export function audiences(aud: unknown): string[] | undefined {
  if (aud === undefined) return [];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.every((item) => typeof item === 'string')) return aud;
  return undefined;
}

function rolesOf(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const roles = (value as { roles?: unknown }).roles;
  return Array.isArray(roles) ? roles.filter((role) => typeof role === 'string') : undefined;
}

/** `realm_access.roles`, or undefined when the claim is absent. */
export function realmRoles(claims: Readonly<Record<string, unknown>>): string[] | undefined {
  return rolesOf(claims.realm_access);
}

/** `resource_access[client].roles`, or undefined when absent. */
export function clientRoles(
  claims: Readonly<Record<string, unknown>>,
  client: string,
): string[] | undefined {
  const access = claims.resource_access;
  if (typeof access !== 'object' || access === null) return undefined;
  return rolesOf((access as Record<string, unknown>)[client]);
}

/** Keycloak lightweight access tokens have no roles, no `sub` and usually no `aud`. */
export function hasRoleClaims(claims: Readonly<Record<string, unknown>>): boolean {
  return claims.realm_access !== undefined || claims.resource_access !== undefined;
}

/** A Keycloak token kind that is not an access token (payload `typ` ID, Refresh, …), if any. */
export function notAccessTokenKind(claims: Readonly<Record<string, unknown>>): string | undefined {
  const typ = claims.typ;
  if (typ === undefined) return undefined;
  if (typeof typ === 'string' && typ.toLowerCase() === 'bearer') return undefined;
  return typeof typ === 'string' ? typ : JSON.stringify(typ);
}
