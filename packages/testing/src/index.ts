/**
 * `@realmguard/testing`: a Keycloak-shaped test realm (discovery, JWKS, faithful tokens,
 * adversarial tokens and faults), in-process through `kc.fetch` or over HTTP with
 * `@realmguard/testing/node`'s `listen()`. Web APIs only.
 *
 * @example
 * ```ts
 * import { createTestKeycloak } from '@realmguard/testing';
 * const kc = createTestKeycloak();
 * const realm = await kc.createRealm();
 * const token = await realm.accessToken({ user: 'alice' });
 * ```
 * @module
 */
export { createTestKeycloak, TestKeycloak } from './keycloak.js';
export type { TestKeycloakOptions } from './keycloak.js';
export { TestRealm } from './realm.js';
export type { RealmHost } from './realm.js';
export type {
  AccessTokenOptions,
  IdTokenOptions,
  LogoutTokenOptions,
  RefreshTokenOptions,
  ServiceAccountTokenOptions,
} from './tokens.js';
export type { GrantShortcut } from './claims.js';
export { Adversarial } from './adversarial.js';
export type { NonBearerTyp, WrongIssuerVariant } from './adversarial.js';
export type {
  AddKeyOptions,
  KeyAlg,
  KeyInfo,
  KeyStatus,
  RealmKeys,
  SigningAlg,
  StaticKeyInput,
} from './keys.js';
export type { EndpointName, Fault, RealmCounters, RealmFaults } from './faults.js';
export type { RealmSessions, SessionInfo } from './sessions.js';
export { Backchannel } from './backchannel.js';
export type { BackchannelDelivery, PushNotBeforeOptions } from './backchannel.js';
export type {
  AuthorizationModel,
  GrantedPermission,
  PermissionModel,
  ResolvedAuthorization,
  ResourceModel,
} from './authorization.js';
export { DEMO_AUTHORIZATION } from './authorization.js';
export { UMA_GRANT } from './uma-grant.js';
export { ENDPOINT_NAMES } from './faults.js';
export type {
  ClientModel,
  ClientScopeModel,
  RealmModel,
  ResolvedClient,
  ResolvedRealm,
  ResolvedUser,
  UserModel,
} from './model.js';
export { DEFAULT_CLIENT_SCOPES, DEMO_CLIENTS, DEMO_USERS } from './model.js';
export { PROFILES, traits } from './profile.js';
export type { Profile, ProfileTraits } from './profile.js';
export { keycloakHeader } from './jws.js';
// Sender-constrained tokens: DPoP proofs and client certificates for tests.
export { accessTokenHash, createDpopProof, generateDpopKey } from './dpop.js';
export type { DpopAlg, DpopKey, DpopProofOptions } from './dpop.js';
export { certificateThumbprint, createClientCertificate, toPem } from './client-certificate.js';
export type { ClientCertificate, ClientCertificateOptions } from './client-certificate.js';
export type { TokenBinding } from './token-binding.js';
export { isRefused } from './http.js';
export { ROUTES } from './routes.js';
export type { Route, RealmRuntime } from './routes.js';
