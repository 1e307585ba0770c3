/**
 * Claim sets of the tokens that are not access tokens, in Keycloak's member order: the ID token,
 * the refresh (or offline) token and the back-channel logout token.
 *
 * @module
 */
import { userInfoClaims } from './claims.js';
import { b64url, digest, utf8, uuid } from './encoding.js';
import type { ResolvedClient, ResolvedUser } from './model.js';
import type { ProfileTraits } from './profile.js';
import type { GrantedScopes } from './scopes-roles.js';

/** What every session token's claims are built from. */
export interface SessionTokenInput {
  traits: ProfileTraits;
  issuer: string;
  user: ResolvedUser;
  client: ResolvedClient;
  /** Issued at, epoch seconds. */
  iat: number;
  sid: string;
}

/** `session_state` (before 25) and `sid` where Keycloak writes them. */
function sessionIds(claims: Record<string, unknown>, traits: ProfileTraits, sid: string): void {
  if (traits.legacyLayout) claims.session_state = sid;
  else claims.sid = sid;
}

/** An ID token's claims: `typ: "ID"`, `aud` = the client, no role claims. */
export async function idTokenClaims(
  input: SessionTokenInput & {
    lifetime: number;
    authTime: number;
    scopes: GrantedScopes;
    nonce?: string;
    accessToken?: string;
  },
): Promise<Record<string, unknown>> {
  const { traits, client, user, iat, sid } = input;
  const claims: Record<string, unknown> = { exp: iat + input.lifetime, iat };
  claims.auth_time = input.authTime;
  Object.assign(claims, {
    jti: uuid(),
    iss: input.issuer,
    aud: client.clientId,
    sub: user.id,
    typ: 'ID',
  });
  claims.azp = client.clientId;
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  sessionIds(claims, traits, sid);
  if (input.accessToken !== undefined) {
    const hash = await digest('SHA-256', utf8(input.accessToken));
    claims.at_hash = b64url(hash.subarray(0, 16));
  }
  claims.acr = '1';
  if (traits.legacyLayout) claims.sid = sid;
  Object.assign(claims, userInfoClaims(user, input.scopes.granted));
  return claims;
}

/** A refresh or offline token's claims: `aud` = the issuer, every granted scope. */
export function refreshTokenClaims(
  input: SessionTokenInput & { lifetime: number; offline: boolean; scopes: GrantedScopes },
): Record<string, unknown> {
  const { traits, client, user, iat, sid } = input;
  const claims: Record<string, unknown> = {
    exp: iat + input.lifetime,
    iat,
    jti: uuid(),
    iss: input.issuer,
  };
  Object.assign(claims, {
    aud: input.issuer,
    sub: user.id,
    typ: input.offline ? 'Offline' : 'Refresh',
  });
  claims.azp = client.clientId;
  sessionIds(claims, traits, sid);
  claims.scope = input.scopes.refreshScope;
  if (traits.legacyLayout) claims.sid = sid;
  return claims;
}

/** A back-channel logout token's claims: `typ: "Logout"`, `events`, `exp` = `iat` + 120. */
export function logoutTokenClaims(
  input: Omit<SessionTokenInput, 'traits'> & { revokeOfflineAccess?: boolean },
): Record<string, unknown> {
  const events: Record<string, unknown> = {
    'http://schemas.openid.net/event/backchannel-logout': {},
  };
  if (input.revokeOfflineAccess) events.revoke_offline_access = true;
  return {
    iat: input.iat,
    exp: input.iat + 120,
    jti: uuid(),
    iss: input.issuer,
    aud: input.client.clientId,
    sub: input.user.id,
    typ: 'Logout',
    sid: input.sid,
    events,
  };
}
