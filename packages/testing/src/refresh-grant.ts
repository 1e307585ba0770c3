/**
 * `grant_type=refresh_token`: validates a refresh (or offline) token the realm minted and answers
 * like Keycloak (§1.4): new access, refresh (and ID, with `openid`) tokens in the same session.
 * Errors are 400 `invalid_grant`. By Keycloak's default ("Revoke Refresh Token" off) an old
 * refresh token stays usable; `revokeRefreshToken: true` makes each one single-use.
 *
 * @module
 */
import { json, oauthError } from './http.js';
import type { ResolvedClient } from './model.js';
import { verifyToken } from './token-check.js';
import type { TokenEndpointContext } from './token-endpoint.js';
import { tokenScope } from './tokens.js';

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
  if (ctx.model.revokeRefreshToken) ctx.sessions.revokeJti(tracked.jti);

  const offline = typ === 'Offline';
  const sid = tracked.session.id;
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  const words = scope.split(' ').filter(Boolean);
  const base = { user: user.username, client: client.clientId, sid };
  const accessToken = await ctx.minter.accessToken({ ...base, scope, grant: 'rt' });
  const refreshToken = await ctx.minter.refreshToken({
    ...base,
    scope: words.filter((s) => s !== 'offline_access').join(' '),
    offline,
  });
  const idToken = words.includes('openid')
    ? await ctx.minter.idToken({ ...base, scope, accessToken })
    : undefined;
  return json({
    access_token: accessToken,
    expires_in: ctx.model.accessTokenLifespan,
    refresh_expires_in: offline ? 0 : ctx.model.ssoSessionIdleTimeout,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    ...(idToken ? { id_token: idToken } : {}),
    'not-before-policy': 0,
    session_state: sid,
    scope: tokenScope(accessToken),
  });
}
