/**
 * Minting: access, service-account, ID, refresh and logout tokens built from the realm model,
 * with Keycloak's header bytes and claim order.
 *
 * @module
 */
import { accessClaims, applyOverrides, userInfoClaims } from './claims.js';
import { b64url, digest, utf8, uuid } from './encoding.js';
import { keycloakHeader, serializeClaims, signCompact } from './jws.js';
import type { JwsAlg, SignKey } from './jws.js';
import type { SigningAlg } from './key-material.js';
import type { KeyStore } from './keys.js';
import type { ResolvedClient, ResolvedRealm, ResolvedUser } from './model.js';
import type { ProfileTraits } from './profile.js';
import { grantScopes } from './scopes-roles.js';
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

/** A token before signing; adversarial tokens edit drafts. */
export interface TokenDraft {
  alg: JwsAlg;
  typ?: string;
  kid?: string;
  headerExtra?: Record<string, unknown>;
  claims: Record<string, unknown>;
  key: SignKey;
}

/** What the minter needs from its realm. */
export interface MintContext {
  model: ResolvedRealm;
  keys: KeyStore;
  hmac: { kid: string; secret: Uint8Array<ArrayBuffer> };
  issuer(): string;
  traits(): ProfileTraits;
  /** Epoch ms. */
  now(): number;
}

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

  accessDraft(opts: AccessTokenOptions = {}, serviceAccount = false): TokenDraft {
    const t = this.ctx.traits();
    const client = this.client(opts.client);
    const lightweight = opts.lightweight ?? (t.lightweight && client.lightweightAccessToken);
    const typ = opts.headerTyp ?? (t.rfc9068 && client.rfc9068Header ? 'at+jwt' : 'JWT');
    const signer = this.signer(opts.alg ?? client.accessTokenAlg, opts.kid);
    if (serviceAccount && !client.serviceAccountsEnabled) {
      throw new Error(`client ${client.clientId} has no service account (serviceAccountsEnabled)`);
    }
    const scopes = grantScopes(this.ctx.model, client, opts.scope);
    const claims = accessClaims({
      realm: this.ctx.model,
      traits: t,
      issuer: this.ctx.issuer(),
      client,
      subject: serviceAccount
        ? { kind: 'service-account', client }
        : { kind: 'user', user: this.user(opts.user) },
      scopes,
      iat: this.iat(),
      lifetime: opts.lifetime ?? this.ctx.model.accessTokenLifespan,
      grant: opts.grant ?? (serviceAccount ? 'cc' : 'ac'),
      lightweight,
      offline: scopes.granted.includes('offline_access'),
      sid: opts.sid,
      nonce: opts.nonce,
      authTime: opts.authTime,
    });
    return {
      alg: signer.alg,
      typ,
      kid: signer.kid,
      claims: applyOverrides(claims, opts.claims),
      key: signer.key,
    };
  }

  async accessToken(opts?: AccessTokenOptions): Promise<string> {
    return await this.finish(this.accessDraft(opts));
  }

  async serviceAccountToken(opts: ServiceAccountTokenOptions): Promise<string> {
    return this.finish(this.accessDraft(opts, true));
  }

  async idToken(opts: IdTokenOptions = {}): Promise<string> {
    const t = this.ctx.traits();
    const client = this.client(opts.client);
    const user = this.user(opts.user);
    const signer = this.signer(opts.alg, opts.kid);
    const scopes = grantScopes(this.ctx.model, client, opts.scope ?? 'openid');
    const iat = this.iat();
    const sid = opts.sid ?? uuid();
    const claims: Record<string, unknown> = {
      exp: iat + (opts.lifetime ?? this.ctx.model.accessTokenLifespan),
      iat,
    };
    claims.auth_time = opts.authTime ?? iat;
    Object.assign(claims, {
      jti: uuid(),
      iss: this.ctx.issuer(),
      aud: client.clientId,
      sub: user.id,
      typ: 'ID',
    });
    claims.azp = client.clientId;
    if (opts.nonce !== undefined) claims.nonce = opts.nonce;
    if (t.legacyLayout) claims.session_state = sid;
    else claims.sid = sid;
    if (opts.accessToken !== undefined) {
      const hash = await digest('SHA-256', utf8(opts.accessToken));
      claims.at_hash = b64url(hash.subarray(0, 16));
    }
    claims.acr = '1';
    if (t.legacyLayout) claims.sid = sid;
    Object.assign(claims, userInfoClaims(user, scopes.granted));
    return this.finish({
      alg: signer.alg,
      typ: 'JWT',
      kid: signer.kid,
      claims: applyOverrides(claims, opts.claims),
      key: signer.key,
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
    const iat = this.iat();
    const sid = opts.sid ?? uuid();
    const life = opts.offline
      ? this.ctx.model.offlineSessionIdleTimeout
      : this.ctx.model.ssoSessionIdleTimeout;
    const claims: Record<string, unknown> = {
      exp: iat + life,
      iat,
      jti: uuid(),
      iss: this.ctx.issuer(),
    };
    Object.assign(claims, {
      aud: this.ctx.issuer(),
      sub: user.id,
      typ: opts.offline ? 'Offline' : 'Refresh',
    });
    claims.azp = client.clientId;
    if (t.legacyLayout) claims.session_state = sid;
    else claims.sid = sid;
    claims.scope = scopes.refreshScope;
    if (t.legacyLayout) claims.sid = sid;
    return {
      alg: t.refreshAlg,
      typ: 'JWT',
      kid: this.ctx.hmac.kid,
      claims: applyOverrides(claims, opts.claims),
      key: this.ctx.hmac.secret,
    };
  }

  async refreshToken(opts?: RefreshTokenOptions): Promise<string> {
    return this.finish(this.refreshDraft(opts));
  }

  async logoutToken(opts: LogoutTokenOptions = {}): Promise<string> {
    const client = this.client(opts.client);
    const user = this.user(opts.user);
    const signer = this.signer(opts.alg, opts.kid);
    const iat = this.iat();
    const events: Record<string, unknown> = {
      'http://schemas.openid.net/event/backchannel-logout': {},
    };
    if (opts.revokeOfflineAccess) events.revoke_offline_access = true;
    const claims: Record<string, unknown> = {
      iat,
      exp: iat + 120,
      jti: uuid(),
      iss: this.ctx.issuer(),
      aud: client.clientId,
      sub: user.id,
      typ: 'Logout',
      sid: opts.sid ?? uuid(),
      events,
    };
    return this.finish({
      alg: signer.alg,
      typ: 'logout+jwt',
      kid: signer.kid,
      claims: applyOverrides(claims, opts.claims),
      key: signer.key,
    });
  }
}
