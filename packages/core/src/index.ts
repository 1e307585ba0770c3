/**
 * @realmguard/core: Keycloak-aware OAuth 2.0 bearer access-token verification for Node.js and
 * edge runtimes. Re-exports only; every concern lives in its own module.
 *
 * @packageDocumentation
 */
export { createVerifier } from './verifier.js';
export type { Verifier, VerifierStats, IssuerStats } from './verifier.js';
export { AuthError, isAuthError } from './errors.js';
export type { AuthErrorCode, AuthErrorInit, OAuthErrorName } from './errors.js';
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
export {
  createGuard,
  authErrorResponse,
  authenticateRequest,
  checkPolicy,
  credentialsFrom,
  guardConfig,
  isVerifier,
  requestCredentials,
  requestGuard,
} from './guard.js';
export type {
  Guard,
  GuardConfig,
  GuardErrorHandler,
  GuardInput,
  GuardOptions,
  OptionalGuard,
} from './guard.js';
export {
  requirements,
  missingGuardError,
  requireRole,
  requireScope,
  requirePolicy,
  requirePermission,
} from './requirements.js';
export type { Requirements } from './requirements.js';
// Building blocks for tools that explain decisions (realmguard doctor).
export { keyFitsAlgorithm } from './keys.js';
export { audienceList } from './audience.js';
export { authenticateClient } from './client-auth.js';
