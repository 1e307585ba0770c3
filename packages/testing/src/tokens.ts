/**
 * Minting: access, service-account, ID, refresh and logout tokens built from the realm model,
 * with Keycloak's header bytes and claim order.
 *
 * @module
 */
import { accessClaims, applyOverrides } from './claims.js';
import { uuid } from './encoding.js';
import type { AccessDraftExtras, MintContext, TokenDraft } from './mint-context.js';
import { keycloakHeader, serializeClaims, signCompact } from './jws.js';
import type { SigningAlg } from './key-material.js';
import type { ResolvedClient, ResolvedUser } from './model.js';
import { grantScopes } from './scopes-roles.js';
import { bindClaims } from './token-binding.js';
import { idTokenClaims, logoutTokenClaims, refreshTokenClaims } from './session-token-claims.js';
import type { GrantedScopes } from './scopes-roles.js';
import type { Session, TrackedToken } from './sessions.js';
import type {
  AccessTokenOptions,
  IdTokenOptions,
  LogoutTokenOptions,
  RefreshTokenOptions,
  ServiceAccountTokenOptions,
} from './token-options.js';

export type {
  AccessTokenOptions,
  IdTokenOptions,
  LogoutTokenOptions,
  RefreshTokenOptions,
  ServiceAccountTokenOptions,
} from './token-options.js';
export { tokenScope } from './mint-context.js';
export type { AccessDraftExtras, MintContext, TokenDraft } from './mint-context.js';

/** Builds and signs every kind of token for one realm. */
export class Minter {
  constructor(private readonly ctx: MintContext) {}

  /** Signs a draft into a compact JWS with Keycloak's header bytes. */
  finish(draft: TokenDraft): Promise<string> {
    const header = keycloakHeader(draft.alg, draft.typ, draft.kid, draft.headerExtra);
    return signCompact(header, serializeClaims(draft.claims), draft.alg, draft.key);
  }

  user(username?: string): ResolvedUser {
    const users = this.ctx.model.users;
    const user = username === undefined ? users[0] : users.find((u) => u.username === username);
    if (!user) throw new Error(`no user ${username ?? '(any)'} in realm ${this.ctx.model.name}`);
    return user;
  }

  client(clientId?: string): ResolvedClient {
    const id = clientId ?? this.ctx.model.defaultClient;
    const client = this.ctx.model.clients.find((c) => c.clientId === id);
    if (!client) throw new Error(`no client ${id} in realm ${this.ctx.model.name}`);
    return client;
  }

  /** The asymmetric key and alg for a token. */
  signer(
    alg: SigningAlg | undefined,
    kid: string | undefined,
  ): { alg: SigningAlg; kid: string; key: CryptoKey } {
    const stored =
      kid !== undefined ? this.ctx.keys.signer(kid) : this.ctx.keys.active(alg ?? 'RS256');
    if (stored.alg === 'RSA-OAEP') throw new Error(`key ${stored.kid} is an encryption key`);
    if (alg !== undefined && stored.alg !== alg)
      throw new Error(`key ${stored.kid} is ${stored.alg}, not ${alg}`);
    return { alg: stored.alg, kid: stored.kid, key: stored.signingKey };
  }

  private iat(): number {
    return Math.floor(this.ctx.now() / 1000);
  }

  accessDraft(
    opts: AccessTokenOptions = {},
    serviceAccount = false,
    extras: AccessDraftExtras = {},
  ): TokenDraft {
    const t = this.ctx.traits();
    const client = this.client(opts.client);
    const lightweight = opts.lightweight ?? (t.lightweight && client.lightweightAccessToken);
    const typ = opts.headerTyp ?? (t.rfc9068 && client.rfc9068Header ? 'at+jwt' : 'JWT');
    const signer = this.signer(opts.alg ?? client.accessTokenAlg, opts.kid);
    if (serviceAccount && !client.serviceAccountsEnabled) {
      throw new Error(`client ${client.clientId} has no service account (serviceAccountsEnabled)`);
    }
    const scopes = grantScopes(this.ctx.model, client, opts.scope);
    const user = serviceAccount ? undefined : this.user(opts.user);
    const sid = serviceAccount ? undefined : (opts.sid ?? uuid());
    const offline = scopes.granted.includes('offline_access');
    const input = {
      realm: this.ctx.model,
      traits: t,
      issuer: this.ctx.issuer(),
      client,
      subject: user
        ? ({ kind: 'user', user } as const)
        : ({ kind: 'service-account', client } as const),
      scopes,
      iat: this.iat(),
      lifetime: opts.lifetime ?? this.ctx.model.accessTokenLifespan,
      grant: opts.grant ?? (serviceAccount ? 'cc' : 'ac'),
      offline,
      sid,
      nonce: opts.nonce,
      authTime: opts.authTime,
    };
    const claims = accessClaims({ ...input, lightweight });
    const full = lightweight
      ? { ...accessClaims({ ...input, lightweight: false }), jti: claims.jti }
      : structuredClone(claims);
    extras.edit?.(claims);
    extras.edit?.(full);
    bindClaims(claims, opts, true);
    bindClaims(full, opts, true);
    applyOverrides(claims, opts.claims);
    applyOverrides(full, opts.claims);
    const username = user?.username ?? `service-account-${client.clientId}`.toLowerCase();
    const session = sid
      ? this.ctx.sessions.join(sid, {
          username,
          clientId: client.clientId,
          offline,
          now: this.iat(),
        })
      : this.ctx.sessions.transient(username, client.clientId, this.iat());
    const tracked = this.track(claims, {
      kind: 'access',
      session,
      username,
      clientId: client.clientId,
      serviceAccount,
      offline,
      lightweight,
      claims: full,
      granted: scopes.granted,
    });
    return {
      alg: signer.alg,
      typ,
      kid: signer.kid,
      claims,
      key: signer.key,
      ...(tracked ? { tracked } : {}),
    };
  }

  /** Records a token under its `jti` (tokens whose overrides removed `jti` stay unknown). */
  private track(
    claims: Record<string, unknown>,
    record: Omit<TrackedToken, 'jti'>,
  ): TrackedToken | undefined {
    if (typeof claims.jti !== 'string') return undefined;
    const tracked: TrackedToken = { jti: claims.jti, ...record };
    this.ctx.sessions.track(tracked);
    return tracked;
  }

  private userSession(
    user: ResolvedUser,
    client: ResolvedClient,
    sid: string,
    offline: boolean,
  ): Session {
    return this.ctx.sessions.join(sid, {
      username: user.username,
      clientId: client.clientId,
      offline,
      now: this.iat(),
    });
  }

  /**
   * An opaque access token: 43 base64url characters bound server-side to the claims the
   * equivalent JWT access token would carry.
   */
  opaqueToken(opts?: AccessTokenOptions): string {
    const { tracked } = this.accessDraft(opts);
    if (!tracked) throw new Error('an opaque token needs a jti (do not delete it with claims)');
    return this.ctx.sessions.bindOpaque(tracked.jti);
  }

  async accessToken(opts?: AccessTokenOptions): Promise<string> {
    return await this.finish(this.accessDraft(opts));
  }

  async serviceAccountToken(opts: ServiceAccountTokenOptions): Promise<string> {
    return this.finish(this.accessDraft(opts, true));
  }

  async idToken(opts: IdTokenOptions = {}): Promise<string> {
    const client = this.client(opts.client);
    const user = this.user(opts.user);
    const signer = this.signer(opts.alg, opts.kid);
    const scopes = grantScopes(this.ctx.model, client, opts.scope ?? 'openid');
    const iat = this.iat();
    const sid = opts.sid ?? uuid();
    const claims = await idTokenClaims({
      traits: this.ctx.traits(),
      issuer: this.ctx.issuer(),
      user,
      client,
      iat,
      sid,
      lifetime: opts.lifetime ?? this.ctx.model.accessTokenLifespan,
      authTime: opts.authTime ?? iat,
      scopes,
      ...(opts.nonce !== undefined ? { nonce: opts.nonce } : {}),
      ...(opts.accessToken !== undefined ? { accessToken: opts.accessToken } : {}),
    });
    applyOverrides(claims, opts.claims);
    this.trackUserToken('id', claims, user, client, sid, false, scopes);
    return this.finish({
      alg: signer.alg,
      typ: 'JWT',
      kid: signer.kid,
      claims,
      key: signer.key,
    });
  }

  private trackUserToken(
    kind: 'id' | 'refresh',
    claims: Record<string, unknown>,
    user: ResolvedUser,
    client: ResolvedClient,
    sid: string,
    offline: boolean,
    scopes: GrantedScopes,
  ): TrackedToken | undefined {
    return this.track(claims, {
      kind,
      session: this.userSession(user, client, sid, offline),
      username: user.username,
      clientId: client.clientId,
      serviceAccount: false,
      offline,
      lightweight: false,
      claims: structuredClone(claims),
      granted: scopes.granted,
    });
  }

  refreshDraft(opts: RefreshTokenOptions = {}): TokenDraft {
    const t = this.ctx.traits();
    const client = this.client(opts.client);
    const user = this.user(opts.user);
    const scope = [opts.scope, opts.offline ? 'offline_access' : undefined]
      .filter(Boolean)
      .join(' ');
    const scopes = grantScopes(this.ctx.model, client, scope);
    const sid = opts.sid ?? uuid();
    const claims = refreshTokenClaims({
      traits: t,
      issuer: this.ctx.issuer(),
      user,
      client,
      iat: this.iat(),
      sid,
      lifetime: opts.offline
        ? this.ctx.model.offlineSessionIdleTimeout
        : this.ctx.model.ssoSessionIdleTimeout,
      offline: opts.offline ?? false,
      scopes,
    });
    bindClaims(claims, opts, false);
    applyOverrides(claims, opts.claims);
    const tracked = this.trackUserToken(
      'refresh',
      claims,
      user,
      client,
      sid,
      opts.offline ?? false,
      scopes,
    );
    return {
      alg: t.refreshAlg,
      typ: 'JWT',
      kid: this.ctx.hmac.kid,
      claims,
      key: this.ctx.hmac.secret,
      ...(tracked ? { tracked } : {}),
    };
  }

  async refreshToken(opts?: RefreshTokenOptions): Promise<string> {
    return this.finish(this.refreshDraft(opts));
  }

  async logoutToken(opts: LogoutTokenOptions = {}): Promise<string> {
    const client = this.client(opts.client);
    const user = this.user(opts.user);
    const signer = this.signer(opts.alg, opts.kid);
    const claims = logoutTokenClaims({
      issuer: this.ctx.issuer(),
      user,
      client,
      iat: this.iat(),
      sid: opts.sid ?? uuid(),
      ...(opts.revokeOfflineAccess !== undefined
        ? { revokeOfflineAccess: opts.revokeOfflineAccess }
        : {}),
    });
    return this.finish({
      alg: signer.alg,
      typ: 'logout+jwt',
      kid: signer.kid,
      claims: applyOverrides(claims, opts.claims),
      key: signer.key,
    });
  }
}
