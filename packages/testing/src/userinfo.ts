/**
 * `GET|POST …/protocol/openid-connect/userinfo` as Keycloak 20+ answers it (§1.9 and
 * `UserInfoEndpoint`/`OAuth2Error` since PR #14237): errors travel in `WWW-Authenticate` with an
 * empty `text/plain` body; success is the `sub` plus the profile/email claims of the token's scopes.
 *
 * @module
 */
import { userInfoClaims } from './claims.js';
import { json, text } from './http.js';
import { grantScopes } from './scopes-roles.js';
import { stateProblem, verifyToken } from './token-check.js';
import type { TokenCheckContext } from './token-check.js';
import type { TrackedToken } from './sessions.js';

/** What userinfo needs from a realm. */
export interface UserinfoContext extends TokenCheckContext {
  name: string;
}

/**
 * A Bearer challenge response: `WWW-Authenticate: Bearer realm="…"[, error="…", error_description="…"]`,
 * empty body (Keycloak's `OAuth2Error.json(false)`).
 */
function challenge(
  ctx: UserinfoContext,
  status: number,
  error?: string,
  description?: string,
): Response {
  let value = `Bearer realm="${ctx.name}"`;
  if (error !== undefined) value += `, error="${error}"`;
  if (description !== undefined) value += `, error_description="${description}"`;
  return text('', status, {
    'content-type': 'text/plain; charset=utf-8',
    'www-authenticate': value,
  });
}

const invalidToken = (ctx: UserinfoContext, description: string): Response =>
  challenge(ctx, 401, 'invalid_token', description);

/** `Authorization: Bearer <token>` (or DPoP), else undefined (Keycloak ignores other schemes). */
function headerToken(request: Request): string | undefined {
  const parts = request.headers.get('authorization')?.trim().split(/\s+/) ?? [];
  if (parts.length !== 2) return undefined;
  const [scheme = '', token = ''] = parts;
  return /^(bearer|dpop)$/i.test(scheme) ? token : undefined;
}

type Extracted = { token?: string } | { error: Response };

async function extract(ctx: UserinfoContext, request: Request): Promise<Extracted> {
  const fromHeader = headerToken(request);
  const type = request.headers.get('content-type') ?? '';
  if (request.method !== 'POST' || !/^application\/x-www-form-urlencoded/i.test(type)) {
    return fromHeader === undefined ? {} : { token: fromHeader };
  }
  const form = new URLSearchParams(await request.text());
  const values = form.getAll('access_token');
  if (values.length > 1) {
    return { error: challenge(ctx, 400, 'invalid_request', 'Duplicate parameter') };
  }
  if (values.length === 1 && fromHeader !== undefined) {
    return {
      error: challenge(
        ctx,
        400,
        'invalid_request',
        'More than one method used for including an access token',
      ),
    };
  }
  const token = values[0] ?? fromHeader;
  return token === undefined ? {} : { token };
}

function claimsFor(ctx: UserinfoContext, tracked: TrackedToken): Record<string, unknown> {
  if (tracked.serviceAccount) {
    const client = ctx.model.clients.find((c) => c.clientId === tracked.clientId);
    const out: Record<string, unknown> = { sub: client?.serviceAccount.id };
    if (tracked.granted.includes('email')) out.email_verified = false;
    if (tracked.granted.includes('profile')) out.preferred_username = tracked.username;
    return out;
  }
  const user = ctx.model.users.find((u) => u.username === tracked.username);
  if (!user) return {};
  const client = ctx.model.clients.find((c) => c.clientId === tracked.clientId);
  const scope = typeof tracked.claims.scope === 'string' ? tracked.claims.scope : '';
  // Keycloak recomputes the client scopes from the token's `scope` parameter.
  const granted = client ? grantScopes(ctx.model, client, scope).granted : tracked.granted;
  return { sub: user.id, ...userInfoClaims(user, granted) };
}

/**
 * Handles one userinfo request.
 *
 * @example
 * ```ts
 * const response = await userinfoEndpoint(ctx, request);
 * ```
 */
export async function userinfoEndpoint(ctx: UserinfoContext, request: Request): Promise<Response> {
  const extracted = await extract(ctx, request);
  if ('error' in extracted) return extracted.error;
  if (extracted.token === undefined || extracted.token === '') return challenge(ctx, 401);
  const verified = await verifyToken(ctx, extracted.token);
  // Opaque handles are this fixture's invention: Keycloak's userinfo parses JWTs only.
  if (!verified || verified.opaque || verified.payload.typ !== 'Bearer') {
    return invalidToken(ctx, 'Token verification failed');
  }
  const { payload, tracked } = verified;
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  if (!scope.includes('openid')) {
    return challenge(ctx, 403, 'insufficient_scope', 'Missing openid scope');
  }
  const problem = stateProblem(ctx, verified);
  if (problem === 'client_missing') return invalidToken(ctx, 'Client not found');
  if (problem === 'revoked') return invalidToken(ctx, 'Token verification failed');
  if (problem === 'client_disabled') return invalidToken(ctx, 'Client disabled');
  if (problem === 'unknown' || problem === 'session' || !tracked) {
    return invalidToken(
      ctx,
      ctx.traits().sessionErrorCode
        ? 'user_session_not_found'
        : "User session not found or doesn't have client attached on it",
    );
  }
  if (problem === 'user_disabled') return invalidToken(ctx, 'User disabled');
  if (
    tracked.lightweight &&
    ctx.traits().audienceCheckedIntrospection &&
    !ctx.model.allowUserinfoWithLightweightAccessToken
  ) {
    // 26.6.2: the exact description is not verified (research Appendix A #9).
    return invalidToken(ctx, 'Token verification failed');
  }
  return json(claimsFor(ctx, tracked));
}
