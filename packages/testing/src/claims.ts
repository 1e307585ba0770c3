/**
 * Access-token claims in Keycloak's order, per profile (§1.3, §1.10 B).
 *
 * @module
 */
import { nonV4Id, uuid } from './encoding.js';
import type { ResolvedClient, ResolvedRealm, ResolvedUser } from './model.js';
import type { ProfileTraits } from './profile.js';
import { audience, realmRoles, resourceAccess } from './scopes-roles.js';
import type { GrantedScopes } from './scopes-roles.js';

/** OAuth grant shortcuts Keycloak 26.2+ writes into `jti`. */
export type GrantShortcut = 'ac' | 'cc' | 'rt' | 'ro' | 'te' | 'pg';

/** Who the token is about. */
export type TokenSubject =
  { kind: 'user'; user: ResolvedUser } | { kind: 'service-account'; client: ResolvedClient };

/** Everything needed to build one access token's claims. */
export interface AccessClaimsInput {
  realm: ResolvedRealm;
  traits: ProfileTraits;
  issuer: string;
  client: ResolvedClient;
  subject: TokenSubject;
  scopes: GrantedScopes;
  /** Epoch seconds. */
  iat: number;
  lifetime: number;
  grant: GrantShortcut;
  lightweight: boolean;
  offline?: boolean;
  sid?: string;
  nonce?: string;
  /** Epoch seconds; default `iat`. Omitted for ROPC before 25 and for service accounts. */
  authTime?: number;
}

/** The service account's `clientHost`/`clientAddress` session notes. */
export const CLIENT_ADDRESS = '127.0.0.1';

/**
 * An access-token `jti`: a UUID before 26.2, `<st><tt><gt>:<id>` from 26.2.
 *
 * @example
 * ```ts
 * accessJti(traits('kc26_2'), 'tr', 'rt', 'cc'); // 'trrtcc:…'
 * ```
 */
export function accessJti(
  traits: ProfileTraits,
  session: 'on' | 'of' | 'tr',
  type: 'rt' | 'lt',
  grant: GrantShortcut,
): string {
  return traits.jtiContext ? `${session}${type}${grant}:${nonV4Id()}` : uuid();
}

/** The `profile`/`email` scope claims of a user, in Keycloak's order. */
export function userInfoClaims(user: ResolvedUser, scopes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const profile = scopes.includes('profile');
  const email = scopes.includes('email');
  if (email) out.email_verified = user.emailVerified;
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  if (profile && name) out.name = name;
  if (profile) out.preferred_username = user.username;
  if (profile && user.firstName) out.given_name = user.firstName;
  if (profile && user.lastName) out.family_name = user.lastName;
  if (email && user.email) out.email = user.email;
  return out;
}

function serviceAccountClaims(
  client: ResolvedClient,
  legacy: boolean,
  scopes: string[],
): Record<string, unknown> {
  const email = scopes.includes('email');
  const username = `service-account-${client.clientId}`.toLowerCase();
  const out: Record<string, unknown> = { clientHost: CLIENT_ADDRESS };
  if (email) out.email_verified = false;
  if (legacy) out.client_id = client.clientId;
  if (scopes.includes('profile')) out.preferred_username = username;
  out.clientAddress = CLIENT_ADDRESS;
  if (!legacy) out.client_id = client.clientId;
  return out;
}

/**
 * Builds access-token claims from the realm model, in Keycloak's member order.
 *
 * @example
 * ```ts
 * const claims = accessClaims({ realm, traits: traits('kc26_2'), issuer, client, subject, scopes, iat, lifetime: 300, grant: 'ac', lightweight: false });
 * ```
 */
export function accessClaims(input: AccessClaimsInput): Record<string, unknown> {
  const { realm, traits: t, client, subject, scopes, iat } = input;
  const serviceAccount = subject.kind === 'service-account';
  const granted = scopes.granted;
  const session = serviceAccount ? 'tr' : input.offline ? 'of' : 'on';
  const jti = accessJti(t, session, input.lightweight ? 'lt' : 'rt', input.grant);
  const sid = serviceAccount ? undefined : (input.sid ?? uuid());
  const out: Record<string, unknown> = { exp: iat + input.lifetime, iat };

  if (input.lightweight) {
    Object.assign(out, { jti, iss: input.issuer, typ: 'Bearer', azp: client.clientId });
    if (!t.legacyLayout && sid) out.sid = sid;
    out.scope = scopes.tokenScope;
    if (t.legacyLayout && sid) out.sid = sid;
    return out;
  }

  const holder = serviceAccount ? subject.client.serviceAccount : subject.user;
  const subjectId = serviceAccount ? subject.client.serviceAccount.id : subject.user.id;
  const withBasic = !t.basicScope || granted.includes('basic');
  const ropcBefore25 = input.grant === 'ro' && !t.basicScope;
  if (!serviceAccount && withBasic && !ropcBefore25) out.auth_time = input.authTime ?? iat;
  out.jti = jti;
  out.iss = input.issuer;
  const access = granted.includes('roles') ? resourceAccess(realm, holder) : {};
  out.aud = audience(realm, client, access);
  if (serviceAccount || withBasic) out.sub = subjectId;
  out.typ = 'Bearer';
  out.azp = client.clientId;
  if (t.legacyLayout && input.nonce !== undefined) out.nonce = input.nonce;
  if (t.legacyLayout && sid) out.session_state = sid;
  if (!t.legacyLayout && sid) out.sid = sid;
  if (granted.includes('acr')) out.acr = '1';
  if (granted.includes('web-origins') && client.webOrigins.length > 0)
    out['allowed-origins'] = [...client.webOrigins];
  if (granted.includes('roles')) {
    out.realm_access = { roles: realmRoles(realm, holder) };
    if (Object.keys(access).length > 0) out.resource_access = access;
  }
  out.scope = scopes.tokenScope;
  if (t.legacyLayout && sid) out.sid = sid;
  Object.assign(
    out,
    serviceAccount
      ? serviceAccountClaims(subject.client, t.legacyLayout, granted)
      : userInfoClaims(subject.user, granted),
  );
  if (out.aud === undefined) delete out.aud;
  return out;
}

/**
 * Applies `claims` overrides last: a value replaces (keeping the member's position), `undefined`
 * deletes the claim, new claims go to the end.
 *
 * @example
 * ```ts
 * applyOverrides({ a: 1, b: 2 }, { a: undefined, c: 3 }); // { b: 2, c: 3 }
 * ```
 */
export function applyOverrides(
  claims: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!overrides) return claims;
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}
