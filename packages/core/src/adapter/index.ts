/**
 * `@realmguard/core/adapter`: what framework adapters are built from. One kernel runs the
 * request sequence ({@link guardRequest}); an adapter describes only its framework
 * ({@link Framework}): where the principal lives, how headers are read, how an error is sent.
 * Not needed by applications: they use `@realmguard/core` and an adapter package.
 *
 * @example
 * ```ts
 * import { guardConfig, guardRequest, nodeHeaders, requirements } from '@realmguard/core/adapter';
 * ```
 *
 * @packageDocumentation
 * @module @realmguard/core/adapter
 */
export { guardRequest, authenticateRequest, checkPolicy } from './kernel.js';
export type { Framework } from './kernel.js';
export { guardConfig, isVerifier, requestGuard } from './config.js';
export type { GuardConfig, GuardInput, GuardOptions } from './config.js';
export { credentialsFrom, nodeHeaders, requestCredentials } from './credentials.js';
export type { NodeMessage } from './credentials.js';
export { nodeTarget } from '../dpop/node-target.js';
export type { NodeTargetMessage } from '../dpop/node-target.js';
export { withSender } from '../dpop/request.js';
export type { RequestTarget } from '../dpop/options.js';
export { requirements, missingGuardError } from './requirements.js';
export type { Requirements } from './requirements.js';
export { cachedConfigs, guardConfigOf, MAX_VERIFIERS } from './config-cache.js';
export type { ContextualGuardInput } from './config-cache.js';
export { nodeReceiverRequest, receivers } from './receivers.js';
export type { NodeReceiverMessage, Receivers } from './receivers.js';
export type { Receiver, ReceiverRequest } from '../receiver-request.js';
export type { ReceiverResponse } from '../receiver-response.js';
export { keycloakJsonReader } from './keycloak-json-file.js';
export type { KeycloakJsonReader, KeycloakJsonSource } from './keycloak-json-file.js';
