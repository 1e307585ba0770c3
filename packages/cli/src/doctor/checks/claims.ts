/** Reading Keycloak claims without trusting their shape, by core's own rules. */
import { audienceList, isAuthError, wrongTokenKind } from '@realmguard/core';

/**
 * `aud` as a list, as core reads it (a string is one audience, none is an empty list), or
 * undefined when core refuses it (`invalid_claim`).
 */
export function audiences(
  claims: Readonly<Record<string, unknown>>,
): readonly string[] | undefined {
  try {
    return audienceList(claims);
  } catch (error) {
    if (isAuthError(error)) return undefined;
    throw error;
  }
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

/**
 * The payload `typ` as shown, when core refuses the token as no bearer access token
 * (`wrong_token_type`: ID, Refresh, Logout, a DPoP-bound token sent as Bearer, …), else undefined.
 */
export function wrongKindShown(claims: Readonly<Record<string, unknown>>): string | undefined {
  if (wrongTokenKind(claims) === undefined) return undefined;
  return typeof claims.typ === 'string' ? claims.typ : JSON.stringify(claims.typ);
}
