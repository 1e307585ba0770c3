/**
 * The realm model every token is built from, and the demo realm `acme` it defaults to.
 *
 * @module
 */
import type { StaticKeyInput } from './keys.js';
import type { SigningAlg } from './key-material.js';
import { uuid } from './encoding.js';
import { DEMO_AUTHORIZATION, resolveAuthorization } from './authorization.js';
import type { AuthorizationModel, ResolvedAuthorization } from './authorization.js';

/** A realm user. */
export interface UserModel {
  username: string;
  /** Default: a random UUID (the token `sub`). */
  id?: string;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  /** Default true. Disabled users cannot log in at the token endpoint. */
  enabled?: boolean;
  /** For the password grant; default the username. */
  password?: string;
  realmRoles?: string[];
  /** `{ clientId: roles }` */
  clientRoles?: Record<string, string[]>;
}

/** A client (OIDC relying party or resource server). */
export interface ClientModel {
  clientId: string;
  /** Internal id; default a random UUID. */
  id?: string;
  /** Confidential clients authenticate with it (client_secret_basic / client_secret_post). */
  secret?: string;
  publicClient?: boolean;
  /** Default true. */
  enabled?: boolean;
  serviceAccountsEnabled?: boolean;
  /** Roles of the service-account user (it also gets the realm default roles). */
  serviceAccount?: { id?: string; realmRoles?: string[]; clientRoles?: Record<string, string[]> };
  /** Client roles this client defines (documentation only; users hold them via `clientRoles`). */
  roles?: string[];
  /** "Always use lightweight access token" (honoured from profile kc24). */
  lightweightAccessToken?: boolean;
  /** "Use 'at+jwt' as access token header type" (honoured from profile kc26_2). */
  rfc9068Header?: boolean;
  /** `access.token.signed.response.alg`; default the realm default (RS256). */
  accessTokenAlg?: SigningAlg;
  /** Web origins → `allowed-origins`. */
  webOrigins?: string[];
  /** Client ids (or custom strings) added to `aud` by Audience mappers. */
  audienceMappers?: string[];
  /** Default client scopes; default the realm's default scopes. */
  defaultScopes?: string[];
  /** Optional client scopes; default the realm's optional scopes. */
  optionalScopes?: string[];
  /** Direct access grants (password grant); default true. */
  directAccessGrantsEnabled?: boolean;
  /** 26.6.2 compatibility switch on the *introspecting* client: skip the `aud` check. */
  allowIntrospectionWithoutAudienceCheck?: boolean;
  /** "Backchannel logout URL": where logout tokens are POSTed when a session of this client ends. */
  backchannelLogoutUrl?: string;
  /** "Backchannel logout session required" (Keycloak's default true): the logout token has `sid`. */
  backchannelLogoutSessionRequired?: boolean;
  /** "Backchannel logout revoke offline sessions": `events.revoke_offline_access: true`. */
  backchannelLogoutRevokeOfflineSessions?: boolean;
  /** "Admin URL": Keycloak's admin callbacks (`/k_push_not_before`) go below it. */
  adminUrl?: string;
  /** "Require DPoP bound tokens": token requests without a valid DPoP proof fail. Default false. */
  dpopBoundAccessTokens?: boolean;
  /** "OAuth 2.0 Mutual TLS Certificate Bound Access Tokens Enabled". Default false. */
  tlsClientCertificateBoundAccessTokens?: boolean;
}

/** A client scope. */
export interface ClientScopeModel {
  name: string;
  /** "Include in token scope": whether the name appears in the token's `scope`. */
  includeInTokenScope: boolean;
}

/** Realm settings; every field is optional and defaults to the demo realm `acme`. */
export interface RealmModel {
  name?: string;
  users?: UserModel[];
  clients?: ClientModel[];
  clientScopes?: ClientScopeModel[];
  defaultScopes?: string[];
  optionalScopes?: string[];
  /** The client `accessToken()` uses when none is named; default `orders-web`, else the first public client. */
  defaultClient?: string;
  /** The composite `default-roles-<realm>`; default offline_access, uma_authorization and the account roles. */
  defaultRoles?: { realmRoles?: string[]; clientRoles?: Record<string, string[]> };
  /** Seconds; default 300. */
  accessTokenLifespan?: number;
  /** Seconds; default 1800 (`refresh_expires_in`). */
  ssoSessionIdleTimeout?: number;
  /** Seconds; default 36000. */
  ssoSessionMaxLifespan?: number;
  /** Seconds; default 2592000. */
  offlineSessionIdleTimeout?: number;
  /** Static keys instead of generated ones (no default keys are added when set). */
  keys?: StaticKeyInput[];
  /** Certs output order; default `enc-first` (real Keycloak's order is not stable). */
  jwksOrder?: 'enc-first' | 'sig-first';
  /**
   * Authorization Services (UMA) for one resource server; default {@link DEMO_AUTHORIZATION}
   * when `clients` is not given, else none. `null` turns it off.
   */
  authorization?: AuthorizationModel | null;
  /** Server option `allow-token-introspection-without-audience-check` (kc26_6_2); default false. */
  allowIntrospectionWithoutAudienceCheck?: boolean;
  /** Server option `allow-userinfo-with-lightweight-access-token` (kc26_6_2); default false. */
  allowUserinfoWithLightweightAccessToken?: boolean;
  /** "Revoke Refresh Token": a refresh token works once; default false (Keycloak's default). */
  revokeRefreshToken?: boolean;
  /**
   * The header a TLS-terminating proxy puts the client certificate in (URL-encoded PEM, as
   * Keycloak's nginx certificate lookup reads it); default `ssl-client-cert`.
   */
  clientCertificateHeader?: string;
}

/** A user with every default filled in. */
export type ResolvedUser = Required<Omit<UserModel, 'email' | 'firstName' | 'lastName'>> &
  Pick<UserModel, 'email' | 'firstName' | 'lastName'>;

/** A client with every default filled in. */
export interface ResolvedClient extends Required<
  Omit<
    ClientModel,
    'secret' | 'accessTokenAlg' | 'serviceAccount' | 'backchannelLogoutUrl' | 'adminUrl'
  >
> {
  secret?: string;
  backchannelLogoutUrl?: string;
  adminUrl?: string;
  accessTokenAlg?: SigningAlg;
  serviceAccount: { id: string; realmRoles: string[]; clientRoles: Record<string, string[]> };
}

/** The realm model with every default filled in. */
export interface ResolvedRealm {
  name: string;
  users: ResolvedUser[];
  clients: ResolvedClient[];
  clientScopes: ClientScopeModel[];
  defaultClient: string;
  defaultRoles: { realmRoles: string[]; clientRoles: Record<string, string[]> };
  accessTokenLifespan: number;
  ssoSessionIdleTimeout: number;
  ssoSessionMaxLifespan: number;
  offlineSessionIdleTimeout: number;
  jwksOrder: 'enc-first' | 'sig-first';
  authorization?: ResolvedAuthorization;
  allowIntrospectionWithoutAudienceCheck: boolean;
  allowUserinfoWithLightweightAccessToken: boolean;
  revokeRefreshToken: boolean;
  clientCertificateHeader: string;
}

/**
 * Keycloak's built-in client scopes plus the demo's `orders:read`.
 *
 * @example
 * ```ts
 * await kc.createRealm({
 *   clientScopes: [...DEFAULT_CLIENT_SCOPES, { name: 'invoices:read', includeInTokenScope: true }],
 * });
 * ```
 */
export const DEFAULT_CLIENT_SCOPES: ClientScopeModel[] = [
  { name: 'profile', includeInTokenScope: true },
  { name: 'email', includeInTokenScope: true },
  { name: 'roles', includeInTokenScope: false },
  { name: 'web-origins', includeInTokenScope: false },
  { name: 'acr', includeInTokenScope: false },
  { name: 'basic', includeInTokenScope: false },
  { name: 'address', includeInTokenScope: true },
  { name: 'phone', includeInTokenScope: true },
  { name: 'offline_access', includeInTokenScope: true },
  { name: 'microprofile-jwt', includeInTokenScope: true },
  { name: 'service_account', includeInTokenScope: false },
  { name: 'orders:read', includeInTokenScope: true },
];

const REALM_DEFAULT_SCOPES = ['profile', 'email', 'roles', 'web-origins', 'acr', 'basic'];
const REALM_OPTIONAL_SCOPES = [
  'address',
  'phone',
  'offline_access',
  'microprofile-jwt',
  'orders:read',
];

/**
 * The demo users: `alice` (admin, orders-api editor) and `bob` (viewer, orders-api viewer).
 *
 * @example
 * ```ts
 * await kc.createRealm({ users: [...DEMO_USERS, { username: 'carol', realmRoles: ['auditor'] }] });
 * ```
 */
export const DEMO_USERS: UserModel[] = [
  {
    username: 'alice',
    email: 'alice@acme.test',
    emailVerified: true,
    firstName: 'Alice',
    lastName: 'Anderson',
    realmRoles: ['admin'],
    clientRoles: { 'orders-api': ['editor'] },
  },
  {
    username: 'bob',
    email: 'bob@acme.test',
    emailVerified: false,
    firstName: 'Bob',
    lastName: 'Brown',
    realmRoles: ['viewer'],
    clientRoles: { 'orders-api': ['viewer'] },
  },
];

/**
 * The demo clients (see the package README).
 *
 * @example
 * ```ts
 * await kc.createRealm({
 *   clients: [...DEMO_CLIENTS, { clientId: 'reports-api', secret: 'reports-secret' }],
 * });
 * ```
 */
export const DEMO_CLIENTS: ClientModel[] = [
  { clientId: 'orders-web', publicClient: true, webOrigins: ['/*'] },
  {
    clientId: 'orders-web-mapped',
    publicClient: true,
    webOrigins: ['/*'],
    audienceMappers: ['orders-api'],
  },
  { clientId: 'orders-api', secret: 'orders-api-secret', roles: ['editor', 'viewer'] },
  {
    clientId: 'billing-worker',
    secret: 'billing-worker-secret',
    serviceAccountsEnabled: true,
    serviceAccount: { realmRoles: ['billing'] },
    defaultScopes: [...REALM_DEFAULT_SCOPES, 'service_account'],
  },
];

function resolveUser(user: UserModel): ResolvedUser {
  return {
    id: uuid(),
    emailVerified: false,
    enabled: true,
    password: user.username,
    realmRoles: [],
    clientRoles: {},
    ...user,
  };
}

function resolveClient(client: ClientModel, model: RealmModel): ResolvedClient {
  const serviceAccount = client.serviceAccount ?? {};
  return {
    id: uuid(),
    publicClient: false,
    enabled: true,
    serviceAccountsEnabled: false,
    roles: [],
    lightweightAccessToken: false,
    rfc9068Header: false,
    webOrigins: [],
    audienceMappers: [],
    defaultScopes: model.defaultScopes ?? REALM_DEFAULT_SCOPES,
    optionalScopes: model.optionalScopes ?? REALM_OPTIONAL_SCOPES,
    directAccessGrantsEnabled: true,
    allowIntrospectionWithoutAudienceCheck: false,
    backchannelLogoutSessionRequired: true,
    backchannelLogoutRevokeOfflineSessions: false,
    dpopBoundAccessTokens: false,
    tlsClientCertificateBoundAccessTokens: false,
    ...client,
    serviceAccount: {
      id: serviceAccount.id ?? uuid(),
      realmRoles: serviceAccount.realmRoles ?? [],
      clientRoles: serviceAccount.clientRoles ?? {},
    },
  };
}

function authorizationOf(model: RealmModel): { authorization?: ResolvedAuthorization } {
  if (model.authorization === null) return {};
  const chosen = model.authorization ?? (model.clients ? undefined : DEMO_AUTHORIZATION);
  return chosen ? { authorization: resolveAuthorization(chosen) } : {};
}

/**
 * Fills in every default of a realm model (the demo realm `acme` when `model` is empty).
 *
 * @example
 * ```ts
 * resolveRealm({ name: 'other' }).users.map((u) => u.username); // ['alice', 'bob']
 * ```
 */
export function resolveRealm(model: RealmModel = {}): ResolvedRealm {
  const clients = (model.clients ?? DEMO_CLIENTS).map((c) => resolveClient(c, model));
  const defaultClient =
    model.defaultClient ??
    (clients.some((c) => c.clientId === 'orders-web')
      ? 'orders-web'
      : (clients.find((c) => c.publicClient) ?? clients[0])?.clientId);
  if (defaultClient === undefined) throw new Error('a realm needs at least one client');
  return {
    name: model.name ?? 'acme',
    users: (model.users ?? DEMO_USERS).map(resolveUser),
    clients,
    clientScopes: model.clientScopes ?? DEFAULT_CLIENT_SCOPES,
    defaultClient,
    defaultRoles: {
      realmRoles: model.defaultRoles?.realmRoles ?? ['offline_access', 'uma_authorization'],
      clientRoles: model.defaultRoles?.clientRoles ?? {
        account: ['manage-account', 'manage-account-links', 'view-profile'],
      },
    },
    accessTokenLifespan: model.accessTokenLifespan ?? 300,
    ssoSessionIdleTimeout: model.ssoSessionIdleTimeout ?? 1800,
    ssoSessionMaxLifespan: model.ssoSessionMaxLifespan ?? 36000,
    offlineSessionIdleTimeout: model.offlineSessionIdleTimeout ?? 2_592_000,
    jwksOrder: model.jwksOrder ?? 'enc-first',
    ...authorizationOf(model),
    allowIntrospectionWithoutAudienceCheck: model.allowIntrospectionWithoutAudienceCheck ?? false,
    allowUserinfoWithLightweightAccessToken: model.allowUserinfoWithLightweightAccessToken ?? false,
    revokeRefreshToken: model.revokeRefreshToken ?? false,
    clientCertificateHeader: (model.clientCertificateHeader ?? 'ssl-client-cert').toLowerCase(),
  };
}
