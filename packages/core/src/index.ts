/**
 * @realmguard/core: Keycloak-aware OAuth 2.0 bearer access-token verification for Node.js and
 * edge runtimes. Re-exports only; every concern lives in its own module.
 *
 * @packageDocumentation
 */
export { createVerifier } from './verifier.js';
export { fromKeycloakJson } from './keycloak-json.js';
export type { KeycloakJson } from './keycloak-json.js';
export type { Verifier, VerifierStats, IssuerStats } from './verifier.js';
export { AuthError, isAuthError } from './errors.js';
export type {
  AuthErrorCode,
  AuthErrorDetail,
  AuthErrorInit,
  AuthErrorReason,
  OAuthErrorName,
} from './errors.js';
export { ConfigurationError, DEFAULT_ALGORITHMS } from './options.js';
export type { VerifierOptions, ResolvedOptions, JwsAlgorithm } from './options.js';
export type { VerifierEvent, IdpResource } from './events.js';
export { extractBearerToken } from './bearer.js';
export type { RequestCredentials, HeaderBag } from './bearer.js';
export { Principal, parseRole } from './principal.js';
export type { RoleSpec, ParsedRole, PrincipalSource, GrantedPermission } from './principal.js';
export type {
  IntrospectionOptions,
  IntrospectionUse,
  ResolvedIntrospection,
} from './introspection-options.js';
export type {
  ClientCredentials,
  ClientAuthMethod,
  ResolvedClientCredentials,
} from './client-auth.js';
export { Secret } from './secret.js';
export { createTokenSource } from './token-source.js';
export type { TokenSource, TokenSourceOptions } from './token-source.js';
export { role, scope, claim, permission, allOf, anyOf } from './policy.js';
export type { Policy } from './policy.js';
export { audienceMapperHint, audienceMapperSteps, audienceMismatchHint } from './audience.js';
export { discoveryUrlOf } from './discovery.js';
export type { IssuerMetadata } from './discovery.js';
export type { TokenCacheStats } from './token-cache.js';
// Many instances: the shared store, revocation receivers (back-channel logout, not-before push).
export { createMemoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export type { SharedStore, StoreListener, StoreSubscription } from './store.js';
export type { SharedStoreOptions, StoreUnavailablePolicy } from './store-options.js';
export type { StoreOperation } from './store-access.js';
export type { RevocationStats } from './revocation.js';
export type { RevocationKind } from './revocation-record.js';
export { tokenHash } from './token-hash.js';
export { backchannelLogout, handleBackchannelLogout } from './backchannel-logout.js';
export type { BackchannelLogoutOptions, LogoutRequestBody } from './backchannel-logout.js';
export { pushNotBefore, handlePushNotBefore } from './not-before-push.js';
export type { PushNotBeforeOptions } from './not-before-push.js';
export type { ReceiverResponse } from './receiver-response.js';
export { backchannelLogoutReceiver, pushNotBeforeReceiver } from './receiver-request.js';
export type { Receiver, ReceiverRequest } from './receiver-request.js';
export { createGuard, authErrorResponse } from './web-guard.js';
export type { Guard, GuardErrorHandler, OptionalGuard } from './web-guard.js';
export type { GuardInput, GuardOptions } from './adapter/config.js';
// Sender-constrained tokens: DPoP (RFC 9449) and mTLS-bound tokens (RFC 8705).
export { DPOP_ALGORITHMS } from './dpop/options.js';
export type {
  CertificateHeader,
  DpopMode,
  DpopNonceOptions,
  DpopOptions,
  MtlsOptions,
  RequestTarget,
} from './dpop/options.js';
export type { Confirmation } from './dpop/confirmation.js';
export type { SenderRequest } from './dpop/request.js';
export type { SenderChallenge } from './dpop/challenge.js';
export { inspectDpopProof } from './dpop/inspect.js';
export type { DpopInspection, DpopInspectionResult } from './dpop/inspect.js';
export type { DpopCheck } from './dpop/problems.js';
// Building blocks for tools that explain decisions (realmguard doctor): core's own rules.
export { keyFitsAlgorithm } from './keys.js';
export { audienceList } from './audience.js';
export { authenticateClient } from './client-auth.js';
export { wrongTokenKind } from './claim-checks.js';
export { looksLikeOpaqueToken } from './opaque-token.js';
