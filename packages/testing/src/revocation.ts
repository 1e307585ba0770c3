/**
 * Token revocation (RFC 7009): `realm.revoke(token)` and `POST …/protocol/openid-connect/revoke`
 * as Keycloak's `TokenRevocationEndpoint` answers. Revoking an access token marks its `jti`;
 * revoking a refresh (offline) token ends its session (Keycloak detaches the client session).
 *
 * @module
 */
import { decodeJwt } from 'jose';
import { authenticateClient, duplicatedParameter } from './client-auth.js';
import { json, oauthError } from './http.js';
import type { SessionStore } from './sessions.js';
import { stateProblem, verifyToken } from './token-check.js';
import type { TokenCheckContext } from './token-check.js';

/**
 * Revokes a token by its `jti` (or an opaque handle). Refresh and offline tokens end their
 * session. Tokens that cannot be decoded throw.
 *
 * @example
 * ```ts
 * revokeToken(sessions, token);
 * ```
 */
export function revokeToken(sessions: SessionStore, token: string): void {
  const opaque = sessions.opaque(token);
  if (opaque) {
    sessions.revokeJti(opaque.jti);
    return;
  }
  const payload = decodeJwt(token);
  if (typeof payload.jti !== 'string') throw new TypeError('the token has no jti to revoke');
  const tracked = sessions.token(payload.jti);
  if (payload.typ === 'Refresh' || payload.typ === 'Offline') {
    const sid = tracked?.session.id ?? (typeof payload.sid === 'string' ? payload.sid : undefined);
    if (sid !== undefined) sessions.logout(sid, { offline: payload.typ === 'Offline' });
  }
  sessions.revokeJti(payload.jti);
}

const invalidTokenOk = (): Response =>
  json({ error: 'invalid_token', error_description: 'Invalid token' }, 200);

/**
 * Handles one revocation request: 200 with an empty body when revoked.
 *
 * @example
 * ```ts
 * const response = await revocationEndpoint(ctx, request);
 * ```
 */
export async function revocationEndpoint(
  ctx: TokenCheckContext,
  request: Request,
): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const auth = authenticateClient(ctx.model, request, form);
  if (!auth.ok) {
    return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
  }
  if (duplicatedParameter(form) !== undefined) {
    return oauthError(400, 'invalid_request', 'duplicated parameter');
  }
  const token = form.get('token');
  if (token === null) return oauthError(400, 'invalid_request', 'Token not provided');
  // Keycloak decodes without lifetime checks: an expired but genuine token still revokes.
  const decoded = await verifyToken(ctx, token, { lifetime: false });
  if (!decoded) return invalidTokenOk();
  const typ = decoded.payload.typ;
  if (typ !== 'Bearer' && typ !== 'DPoP' && typ !== 'Refresh' && typ !== 'Offline') {
    return oauthError(400, 'unsupported_token_type', 'Unsupported token type');
  }
  if (typeof decoded.payload.azp !== 'string') return invalidTokenOk();
  if (decoded.payload.azp !== auth.client.clientId) {
    return oauthError(400, 'invalid_request', 'Unmatching clients');
  }
  const problem = stateProblem(ctx, decoded);
  if (problem === 'unknown' || problem === 'session' || problem === 'user_disabled') {
    return invalidTokenOk();
  }
  revokeToken(ctx.sessions, token);
  return new Response(null, { status: 200 });
}
