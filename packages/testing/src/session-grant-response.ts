/**
 * The answer of a grant that opens or continues a user session (`password`, `refresh_token`):
 * new access and refresh tokens (the refresh token's scope never lists `offline_access`), an ID
 * token when the scope has `openid`, in the body Keycloak writes (§1.4).
 *
 * @module
 */
import type { GrantShortcut } from './claims.js';
import { json } from './http.js';
import type { TokenEndpointContext } from './token-endpoint.js';
import type { TokenBinding } from './token-binding.js';
import { tokenScope } from './tokens.js';

/** Whose session, which scope, and how the tokens were obtained. */
export interface SessionGrant {
  user: string;
  client: string;
  sid: string;
  scope: string | undefined;
  /** An offline session: the refresh token is an offline token and does not expire. */
  offline: boolean;
  grant: GrantShortcut;
  /** DPoP key or client certificate the tokens are bound to (`token-binding.ts`). */
  binding?: TokenBinding;
}

/**
 * Mints the session's tokens and answers with them.
 *
 * @example
 * ```ts
 * return sessionGrantResponse(ctx, { user, client, sid, scope, offline: false, grant: 'ro' });
 * ```
 */
export async function sessionGrantResponse(
  ctx: TokenEndpointContext,
  session: SessionGrant,
): Promise<Response> {
  const { scope, offline } = session;
  const base = { user: session.user, client: session.client, sid: session.sid };
  const words = scope?.split(' ');
  const binding = session.binding ?? {};
  const accessToken = await ctx.minter.accessToken({
    ...base,
    scope,
    grant: session.grant,
    ...binding,
  });
  // Keycloak binds a public client's refresh token to the DPoP key too (not a confidential one's).
  const publicClient = ctx.minter.client(session.client).publicClient;
  const refreshJkt = publicClient && binding.dpopJkt ? { dpopJkt: binding.dpopJkt } : {};
  const refreshToken = await ctx.minter.refreshToken({
    ...base,
    scope: words?.filter((s) => s !== 'offline_access').join(' '),
    offline,
    ...refreshJkt,
  });
  const idToken = words?.includes('openid')
    ? await ctx.minter.idToken({ ...base, scope, accessToken })
    : undefined;
  return json({
    access_token: accessToken,
    expires_in: ctx.model.accessTokenLifespan,
    refresh_expires_in: offline ? 0 : ctx.model.ssoSessionIdleTimeout,
    refresh_token: refreshToken,
    token_type: binding.dpopJkt === undefined ? 'Bearer' : 'DPoP',
    ...(idToken ? { id_token: idToken } : {}),
    'not-before-policy': 0,
    session_state: session.sid,
    scope: tokenScope(accessToken),
  });
}
