/**
 * `POST …/protocol/openid-connect/token/introspect` (RFC 7662) as Keycloak answers it (§1.7):
 * confidential client authentication, the full claim set plus `client_id`, `username`,
 * `token_type` and `active: true`, or exactly `{"active":false}`.
 *
 * @module
 */
import { authenticateClient, duplicatedParameter } from './client-auth.js';
import { json, oauthError } from './http.js';
import type { ResolvedClient } from './model.js';
import { audiences, stateProblem, verifyToken } from './token-check.js';
import type { TokenCheckContext, VerifiedToken } from './token-check.js';
import type { TrackedToken } from './sessions.js';

const HINTS = ['access_token', 'refresh_token', 'requesting_party_token'];
const ACCESS_TYPES = ['Bearer', 'DPoP'];
const REFRESH_TYPES = ['Refresh', 'Offline'];

const inactive = (): Response => json({ active: false });

/** The 26.6.2 audience rule: the caller is in `aud`; refresh tokens only for their `azp`. */
function audienceAllows(
  ctx: TokenCheckContext,
  caller: ResolvedClient,
  claims: Record<string, unknown>,
  refresh: boolean,
): boolean {
  if (!ctx.traits().audienceCheckedIntrospection) return true;
  if (ctx.model.allowIntrospectionWithoutAudienceCheck) return true;
  if (caller.allowIntrospectionWithoutAudienceCheck) return true;
  if (refresh) return claims.azp === caller.clientId;
  return audiences(claims).includes(caller.clientId);
}

function activeBody(
  ctx: TokenCheckContext,
  verified: VerifiedToken,
  tracked: TrackedToken,
): Record<string, unknown> {
  // Keycloak rebuilds the token for introspection: lightweight tokens answer the full set.
  const claims = {
    ...(tracked.lightweight || verified.opaque ? tracked.claims : verified.payload),
  };
  if (typeof claims.scope === 'string' && claims.scope.trim() === '') delete claims.scope;
  const body: Record<string, unknown> = { ...claims, client_id: claims.azp };
  if (!('username' in claims)) {
    body.username =
      typeof claims.preferred_username === 'string' ? claims.preferred_username : tracked.username;
  }
  if (ctx.traits().introspectionTokenType) body.token_type = claims.typ;
  body.active = true;
  return body;
}

/**
 * Handles one introspection request.
 *
 * @example
 * ```ts
 * const response = await introspectionEndpoint(ctx, request);
 * ```
 */
export async function introspectionEndpoint(
  ctx: TokenCheckContext,
  request: Request,
): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const auth = authenticateClient(ctx.model, request, form);
  if (!auth.ok) return oauthError(401, 'invalid_request', 'Authentication failed.');
  if (auth.client.publicClient) return oauthError(403, 'invalid_request', 'Client not allowed.');
  if (duplicatedParameter(form) !== undefined) {
    return oauthError(400, 'invalid_request', 'duplicated parameter');
  }
  const hint = form.get('token_type_hint') ?? 'access_token';
  const token = form.get('token');
  if (token === null) return oauthError(400, 'invalid_request', 'Token not provided.');
  if (!HINTS.includes(hint)) {
    return oauthError(400, 'invalid_request', `Unsupported token type [${hint}].`);
  }
  const verified = await verifyToken(ctx, token);
  if (!verified?.tracked || stateProblem(ctx, verified) !== undefined) return inactive();
  const typ = verified.payload.typ;
  const refresh = typeof typ === 'string' && REFRESH_TYPES.includes(typ);
  if (!refresh && !(typeof typ === 'string' && ACCESS_TYPES.includes(typ))) return inactive();
  const body = activeBody(ctx, verified, verified.tracked);
  if (!audienceAllows(ctx, auth.client, body, refresh)) return inactive();
  return json(body);
}
