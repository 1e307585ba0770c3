/**
 * `POST …/protocol/openid-connect/token`: `client_credentials`, `password`, `refresh_token` and the
 * UMA grant, client_secret_basic / client_secret_post, response and error bodies as Keycloak
 * writes them (§1.4, §1.8).
 *
 * @module
 */
import { authenticateClient } from './client-auth.js';
import { json, oauthError } from './http.js';
import type { ResolvedClient } from './model.js';
import { refreshGrant } from './refresh-grant.js';
import { sessionGrantResponse } from './session-grant-response.js';
import { InvalidScopeError } from './scopes-roles.js';
import { tokenBinding, type TokenBinding } from './token-binding.js';
import type { TokenCheckContext } from './token-check.js';
import { tokenScope } from './tokens.js';
import type { Minter } from './tokens.js';
import { UMA_GRANT, umaGrant } from './uma-grant.js';
import { uuid } from './encoding.js';

/** What the token endpoint needs from its realm. */
export interface TokenEndpointContext extends TokenCheckContext {
  minter: Minter;
}

const invalidClient = (): Response =>
  oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');

async function clientCredentials(
  ctx: TokenEndpointContext,
  client: ResolvedClient,
  form: URLSearchParams,
  binding: TokenBinding,
): Promise<Response> {
  if (client.publicClient) {
    return oauthError(
      401,
      'unauthorized_client',
      'Public client not allowed to retrieve service account',
    );
  }
  if (!client.serviceAccountsEnabled) {
    return oauthError(401, 'unauthorized_client', 'Client not enabled to retrieve service account');
  }
  const accessToken = await ctx.minter.serviceAccountToken({
    client: client.clientId,
    scope: form.get('scope') ?? undefined,
    ...binding,
  });
  return json({
    access_token: accessToken,
    expires_in: ctx.model.accessTokenLifespan,
    refresh_expires_in: 0,
    token_type: binding.dpopJkt === undefined ? 'Bearer' : 'DPoP',
    'not-before-policy': 0,
    scope: tokenScope(accessToken),
  });
}

async function password(
  ctx: TokenEndpointContext,
  client: ResolvedClient,
  form: URLSearchParams,
  binding: TokenBinding,
): Promise<Response> {
  if (!client.directAccessGrantsEnabled) {
    return oauthError(400, 'unauthorized_client', 'Client not allowed for direct access grants');
  }
  const user = ctx.model.users.find((u) => u.username === form.get('username')?.toLowerCase());
  if (!user || user.password !== form.get('password')) {
    return oauthError(ctx.traits().invalidGrantStatus, 'invalid_grant', 'Invalid user credentials');
  }
  if (!user.enabled) return oauthError(400, 'invalid_grant', 'Account disabled');
  const scope = form.get('scope') ?? undefined;
  return sessionGrantResponse(ctx, {
    user: user.username,
    client: client.clientId,
    sid: uuid(),
    scope,
    offline: scope?.split(' ').includes('offline_access') ?? false,
    grant: 'ro',
    binding,
  });
}

const GRANTS = ['client_credentials', 'password', 'refresh_token', UMA_GRANT];

/**
 * Handles one token request.
 *
 * @example
 * ```ts
 * const response = await tokenEndpoint(ctx, request);
 * ```
 */
export async function tokenEndpoint(
  ctx: TokenEndpointContext,
  request: Request,
): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');
  if (!GRANTS.includes(grantType)) {
    return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
  }
  try {
    if (grantType === UMA_GRANT) return await umaGrant(ctx, request, form);
    const auth = authenticateClient(ctx.model, request, form);
    if (!auth.ok) return invalidClient();
    const { client } = auth;
    const binding = await tokenBinding(ctx, request, client);
    if (binding instanceof Response) return binding;
    if (grantType === 'client_credentials') {
      return await clientCredentials(ctx, client, form, binding);
    }
    if (grantType === 'refresh_token') return await refreshGrant(ctx, client, form, binding);
    return await password(ctx, client, form, binding);
  } catch (error) {
    if (error instanceof InvalidScopeError) return oauthError(400, 'invalid_scope', error.message);
    throw error;
  }
}
