/**
 * `@realmguard/nestjs`: a NestJS 11 module, global guard and decorators over `@realmguard/core`,
 * on the Express and the Fastify platform.
 *
 * @example
 * ```ts
 * import { Auth, RealmguardModule, Roles } from '@realmguard/nestjs';
 *
 * @Module({ imports: [RealmguardModule.forRoot({ issuer, audience: 'orders-api' })] })
 * export class AppModule {}
 * ```
 *
 * @packageDocumentation
 */
export { RealmguardModule } from './realmguard.module.js';
export type { RealmguardModuleAsyncOptions } from './realmguard.module.js';
export { RealmguardGuard } from './realmguard.guard.js';
export { AuthException } from './auth.exception.js';
export { Auth, OptionalAuth, Permissions, Policy, Public, Roles, Scopes } from './decorators.js';
export {
  REALMGUARD_CONFIG,
  REALMGUARD_VERIFIER,
  defaultGetRequest,
  resolveConfig,
} from './options.js';
export type {
  AuthenticatedRequest,
  GetRequest,
  RealmguardConfig,
  RealmguardModuleExtras,
  RealmguardModuleOptions,
} from './options.js';
export { fromKeycloakJson } from './keycloak-json.js';
export { backchannelLogout, pushNotBefore } from './backchannel-logout.js';
export type { ReceiverHandler } from './backchannel-logout.js';
export type { Principal, RoleSpec, AuthError, VerifierOptions } from '@realmguard/core';
