/**
 * `grant_type=refresh_token`: validates a refresh (or offline) token the realm minted and answers
 * like Keycloak (§1.4): new access, refresh (and ID, with `openid`) tokens in the same session.
 * Errors are 400 `invalid_grant`. By Keycloak's default ("Revoke Refresh Token" off) an old
 * refresh token stays usable; `revokeRefreshToken: true` makes each one single-use.
 *
 * @module
 */
import { oauthError } from './http.js';
import type { ResolvedClient } from './model.js';
import { sessionGrantResponse } from './session-grant-response.js';
import type { TokenBinding } from './token-binding.js';
import { verifyToken } from './token-check.js';
import type { TokenEndpointContext } from './token-endpoint.js';

const invalidGrant = (description: string): Response =>
  oauthError(400, 'invalid_grant', description);

/**
 * Handles a refresh_token grant for an authenticated client.
 *
 * @example
 * ```ts
 * return refreshGrant(ctx, client, form);
 * ```
 */
export async function refreshGrant(
  ctx: TokenEndpointContext,
  client: ResolvedClient,
  form: URLSearchParams,
  binding: TokenBinding = {},
): Promise<Response> {
  const token = form.get('refresh_token');
  if (token === null) return oauthError(400, 'invalid_request', 'Missing parameter: refresh_token');
  const verified = await verifyToken(ctx, token, { lifetime: false });
  const typ = verified?.payload.typ;
  if (!verified || verified.opaque || (typ !== 'Refresh' && typ !== 'Offline')) {
    return invalidGrant('Invalid refresh token');
  }
  const { payload, tracked } = verified;
  if (payload.azp !== client.clientId) {
    return invalidGrant("Invalid refresh token. Token client and authorized client don't match");
  }
  if (typeof payload.exp === 'number' && payload.exp <= Math.floor(ctx.now() / 1000)) {
    return invalidGrant('Refresh token expired');
  }
  if (!tracked || !ctx.sessions.sessionAlive(tracked)) return invalidGrant('Session not active');
  if (ctx.sessions.isRevoked(tracked.jti)) {
    return invalidGrant('Maximum allowed refresh token reuse exceeded');
  }
  const user = ctx.model.users.find((u) => u.username === tracked.username);
  if (!user) return invalidGrant('Session not active');
  if (!user.enabled) return invalidGrant('User disabled');
  // A bound refresh token (a public client's, with DPoP) needs a proof with the same key.
  const cnf = payload.cnf as { jkt?: unknown } | undefined;
  if (cnf?.jkt !== undefined && cnf.jkt !== binding.dpopJkt) {
    return invalidGrant('DPoP proof and token binding verification failed');
  }
  if (ctx.model.revokeRefreshToken) ctx.sessions.revokeJti(tracked.jti);

  return sessionGrantResponse(ctx, {
    user: user.username,
    client: client.clientId,
    sid: tracked.session.id,
    scope: typeof payload.scope === 'string' ? payload.scope : '',
    offline: typ === 'Offline',
    grant: 'rt',
    binding,
  });
}
