import type { JWTPayload } from 'jose';
import { AuthError } from './errors.js';

/**
 * Keycloak lightweight access tokens (Keycloak 24+, client switch "Always use lightweight
 * access token"): only `exp, iat, jti, iss, typ, azp, scope, sid?` and the claims of mappers
 * marked "Add to lightweight access token"; no roles, by default no `sub` and no `aud`.
 * Introspection answers with the full claim set.
 */

/** Whether a verified payload lacks Keycloak's role claims (what introspection completes). */
export function lacksRoles(claims: JWTPayload): boolean {
  return claims.realm_access === undefined && claims.resource_access === undefined;
}

/** Keycloak 26.2+ `jti`: session type, token type (`lt`: lightweight) and grant, then `:`. */
const LIGHTWEIGHT_JTI = /^[a-z]{2}lt[a-z]{2}:/;

/**
 * Whether a payload is recognisably a Keycloak lightweight access token: no role claims, the
 * Keycloak payload `typ` of an access token, and either the lightweight `jti` of 26.2+ or no
 * `sub` (which every other Keycloak user or service-account token carries).
 */
export function isKeycloakLightweight(claims: JWTPayload): boolean {
  if (!lacksRoles(claims)) return false;
  // `DPoP`: Keycloak's payload typ of a DPoP-bound access token (lightweight ones too).
  const typ = typeof claims.typ === 'string' ? claims.typ.toLowerCase() : undefined;
  if (typ !== 'bearer' && typ !== 'dpop') return false;
  return (
    (typeof claims.jti === 'string' && LIGHTWEIGHT_JTI.test(claims.jti)) || claims.sub === undefined
  );
}

/**
 * The 403 for a role or claim check on a Keycloak lightweight token that this verifier cannot
 * complete, and the hint that says why: `introspection` is not configured (or its `use` leaves
 * lightweight tokens out).
 */
export function lightweightUnchecked(
  authorizedParty: string | undefined,
  introspectionConfigured: boolean,
): AuthError {
  const client = authorizedParty === undefined ? 'the client' : `the client "${authorizedParty}"`;
  const fix = introspectionConfigured
    ? 'Add "lightweight" to introspection.use'
    : 'Configure the introspection option (a confidential client allowed to introspect tokens)';
  return new AuthError({
    code: 'lightweight_token',
    hint:
      'Keycloak lightweight access tokens carry no roles, no sub and usually no aud; ' +
      `introspection returns their full claims. ${fix}, so that realmguard completes them ` +
      `before checking roles or claims; or switch "Always use lightweight access token" off ` +
      `for ${client} (Clients → the client → Advanced).`,
  });
}
