/**
 * Options of the minting methods (`realm.accessToken()` and friends).
 *
 * @module
 */
import type { GrantShortcut } from './claims.js';
import type { SigningAlg } from './key-material.js';

/**
 * Options of `realm.accessToken()`.
 *
 * @example
 * ```ts
 * await realm.accessToken({ user: 'bob', client: 'orders-web-mapped', scope: 'openid orders:read' });
 * ```
 */
export interface AccessTokenOptions {
  /** Username; default the first user. */
  user?: string;
  /** Client id (`azp`); default the realm's default client. */
  client?: string;
  /** Requested scopes, e.g. `'openid email'`; optional scopes must be allowed for the client. */
  scope?: string;
  /** Lightweight token; default the client's switch (honoured from kc24). */
  lightweight?: boolean;
  /** Default the client's `accessTokenAlg`, else RS256. The realm needs an active key for it. */
  alg?: SigningAlg;
  /** Sign with this key (for example a passive one). */
  kid?: string;
  /** Header `typ`; default `at+jwt` if the client opts in (kc26_2+), else `JWT`. */
  headerTyp?: 'JWT' | 'at+jwt';
  /** Seconds; default the realm's access token lifespan (300). */
  lifetime?: number;
  /** Merged last; `undefined` deletes a claim. */
  claims?: Record<string, unknown>;
  /** Session id (`sid`); default a new UUID. Pass the same one to the ID/refresh/logout tokens. */
  sid?: string;
  /** ≤24 only: echoed in the access token. */
  nonce?: string;
  /** Epoch seconds; default `iat`. */
  authTime?: number;
  /** Grant shortcut for the 26.2+ `jti`; default `ac` (authorization code). */
  grant?: GrantShortcut;
  /**
   * Binds the token to a DPoP key (RFC 9449), as Keycloak does: `cnf.jkt` = this thumbprint
   * (`DpopKey.jkt`) and payload `typ: "DPoP"`.
   */
  dpopJkt?: string;
  /** Binds the token to a client certificate (RFC 8705): `cnf["x5t#S256"]` = this thumbprint. */
  certificateThumbprint?: string;
}

/** Options of `realm.serviceAccountToken()`: a client_credentials token. */
export type ServiceAccountTokenOptions = Omit<
  AccessTokenOptions,
  'user' | 'client' | 'sid' | 'nonce' | 'authTime'
> & {
  client: string;
};

/** Options of `realm.idToken()`. */
export interface IdTokenOptions {
  user?: string;
  client?: string;
  nonce?: string;
  sid?: string;
  /** Adds `at_hash` for this access token. */
  accessToken?: string;
  scope?: string;
  alg?: SigningAlg;
  kid?: string;
  lifetime?: number;
  authTime?: number;
  claims?: Record<string, unknown>;
}

/** Options of `realm.refreshToken()`. */
export interface RefreshTokenOptions {
  user?: string;
  client?: string;
  /** `typ: Offline` and the `offline_access` scope. */
  offline?: boolean;
  /** Binds the refresh token to a DPoP key (Keycloak does so for public clients): `cnf.jkt`. */
  dpopJkt?: string;
  sid?: string;
  scope?: string;
  claims?: Record<string, unknown>;
}

/** Options of `realm.logoutToken()`. */
export interface LogoutTokenOptions {
  user?: string;
  client?: string;
  sid?: string;
  /** Adds `"revoke_offline_access": true` to `events`. */
  revokeOfflineAccess?: boolean;
  alg?: SigningAlg;
  kid?: string;
  claims?: Record<string, unknown>;
}
