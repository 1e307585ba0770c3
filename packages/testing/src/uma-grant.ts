/**
 * The UMA grant (`urn:ietf:params:oauth:grant-type:uma-ticket`) on the token endpoint, as
 * Keycloak's `PermissionGrantType` / `AuthorizationTokenService` answer (§1.8): `decision` →
 * `{"result":true}`, `permissions` → `[{rsid, rsname, scopes}]`, otherwise an RPT carrying
 * `authorization.permissions`. Nothing granted → 403 `access_denied` / `not_authorized`.
 *
 * @module
 */
import { evaluate, parsePermission, PermissionRequestError } from './authorization.js';
import type { GrantedPermission, Requester } from './authorization.js';
import { authenticateClient } from './client-auth.js';
import { json, oauthError } from './http.js';
import type { ResolvedClient } from './model.js';
import { stateProblem, verifyToken } from './token-check.js';
import type { TokenEndpointContext } from './token-endpoint.js';
import { tokenScope } from './tokens.js';
import type { AccessTokenOptions } from './tokens.js';

/**
 * The grant type value of Keycloak's UMA grant (`urn:ietf:params:oauth:grant-type:uma-ticket`).
 *
 * @example
 * ```ts
 * const form = new URLSearchParams({ grant_type: UMA_GRANT, audience: 'orders-api', permission: 'orders#read' });
 * await kc.fetch(realm.tokenEndpoint, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
 * ```
 */
export const UMA_GRANT = 'urn:ietf:params:oauth:grant-type:uma-ticket';

const MODES = ['decision', 'permissions'];

/** Who asks and how to mint their RPT. */
interface Caller {
  requester: Requester;
  client: ResolvedClient;
  serviceAccount: boolean;
  sid?: string;
  scope?: string;
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Rebuilds `claims` with `name` inserted before `before` (or at the end). */
function insertBefore(
  claims: Record<string, unknown>,
  before: string[],
  name: string,
  value: unknown,
): void {
  const entries = Object.entries(claims).filter(([k]) => k !== name);
  const at = entries.findIndex(([k]) => before.includes(k));
  entries.splice(at < 0 ? entries.length : at, 0, [name, value]);
  for (const key of Object.keys(claims)) delete claims[key];
  Object.assign(claims, Object.fromEntries(entries));
}

async function callerFrom(
  ctx: TokenEndpointContext,
  request: Request,
  form: URLSearchParams,
): Promise<Caller | Response> {
  const bearer = bearerToken(request);
  if (bearer !== undefined) {
    const verified = await verifyToken(ctx, bearer);
    const invalid = (): Response =>
      oauthError(ctx.traits().invalidGrantStatus, 'invalid_grant', 'Invalid bearer token');
    if (!verified || verified.opaque || verified.payload.typ !== 'Bearer') return invalid();
    const { tracked } = verified;
    if (!tracked || stateProblem(ctx, verified) !== undefined) return invalid();
    const client = ctx.model.clients.find((c) => c.clientId === tracked.clientId);
    if (!client) return invalid();
    const scope = typeof tracked.claims.scope === 'string' ? tracked.claims.scope : undefined;
    if (tracked.serviceAccount) {
      return {
        requester: { username: tracked.username, holder: client.serviceAccount },
        client,
        serviceAccount: true,
        ...(scope !== undefined ? { scope } : {}),
      };
    }
    const user = ctx.model.users.find((u) => u.username === tracked.username);
    if (!user) return invalid();
    return {
      requester: { username: user.username, holder: user },
      client,
      serviceAccount: false,
      sid: tracked.session.id,
      ...(scope !== undefined ? { scope } : {}),
    };
  }
  // No bearer token: the client authenticates and asks for its service account.
  const auth = authenticateClient(ctx.model, request, form);
  if (!auth.ok) {
    return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
  }
  const { client } = auth;
  if (client.publicClient || !client.serviceAccountsEnabled) {
    return oauthError(401, 'unauthorized_client', 'Client not enabled to retrieve service account');
  }
  return {
    requester: {
      username: `service-account-${client.clientId}`.toLowerCase(),
      holder: client.serviceAccount,
    },
    client,
    serviceAccount: true,
  };
}

async function rpt(
  ctx: TokenEndpointContext,
  caller: Caller,
  resourceServer: string,
  permissions: GrantedPermission[],
): Promise<Response> {
  const edit = (claims: Record<string, unknown>): void => {
    const aud = claims.aud;
    const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? [...(aud as string[])] : [];
    if (!list.includes(resourceServer)) list.push(resourceServer);
    insertBefore(claims, ['sub', 'typ'], 'aud', list.length === 1 ? list[0] : list);
    insertBefore(claims, ['scope'], 'authorization', { permissions });
  };
  const opts: AccessTokenOptions = {
    client: caller.client.clientId,
    grant: 'pg',
    ...(caller.scope !== undefined ? { scope: caller.scope } : {}),
  };
  const user = caller.serviceAccount ? undefined : caller.requester.username;
  const draft = ctx.minter.accessDraft(
    user === undefined ? opts : { ...opts, user, ...(caller.sid ? { sid: caller.sid } : {}) },
    caller.serviceAccount,
    { edit },
  );
  const accessToken = await ctx.minter.finish(draft);
  const body: Record<string, unknown> = {
    upgraded: false,
    access_token: accessToken,
    expires_in: ctx.model.accessTokenLifespan,
  };
  if (caller.sid !== undefined && user !== undefined) {
    body.refresh_expires_in = ctx.model.ssoSessionIdleTimeout;
    body.refresh_token = await ctx.minter.refreshToken({
      user,
      client: caller.client.clientId,
      sid: caller.sid,
      ...(caller.scope !== undefined ? { scope: caller.scope } : {}),
    });
  } else {
    body.refresh_expires_in = 0;
  }
  body.token_type = 'Bearer';
  body['not-before-policy'] = 0;
  if (caller.sid !== undefined) body.session_state = caller.sid;
  body.scope = tokenScope(accessToken);
  return json(body);
}

/**
 * Handles a UMA grant request (the caller authenticates with `Authorization: Bearer <token>`, or
 * as a confidential client for its service account).
 *
 * @example
 * ```ts
 * return umaGrant(ctx, request, form);
 * ```
 */
export async function umaGrant(
  ctx: TokenEndpointContext,
  request: Request,
  form: URLSearchParams,
): Promise<Response> {
  const caller = await callerFrom(ctx, request, form);
  if (caller instanceof Response) return caller;
  const mode = form.get('response_mode');
  if (mode !== null && !MODES.includes(mode)) {
    return oauthError(400, 'invalid_request', 'Invalid response_mode');
  }
  const audience = form.get('audience');
  if (audience === null)
    return oauthError(400, 'invalid_request', 'You must provide the issuedFor');
  if (!ctx.model.clients.some((c) => c.clientId === audience)) {
    return oauthError(400, 'invalid_request', `Unknown resource server id: [${audience}]`);
  }
  const authz = ctx.model.authorization;
  if (!authz || authz.resourceServer !== audience) {
    return oauthError(400, 'invalid_request', 'Client does not support permissions');
  }
  let granted: GrantedPermission[];
  try {
    const requested = form.getAll('permission').map(parsePermission);
    granted = evaluate(ctx.model, authz, requested, caller.requester);
  } catch (error) {
    if (error instanceof PermissionRequestError) return oauthError(400, error.error, error.message);
    throw error;
  }
  if (granted.length === 0) return oauthError(403, 'access_denied', 'not_authorized');
  if (mode === 'decision') return json({ result: true });
  if (mode === 'permissions') return json(granted);
  return rpt(ctx, caller, audience, granted);
}
