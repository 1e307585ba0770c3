/**
 * `@realmguard/fastify`: a Fastify 4 and 5 plugin over `@realmguard/core`.
 *
 * @example
 * ```ts
 * import { realmguard, requireRole } from '@realmguard/fastify';
 * await app.register(realmguard, { issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
 * app.get('/admin', { preHandler: requireRole('admin') }, async (request) => request.auth);
 * ```
 *
 * @packageDocumentation
 */
import { realmguard } from './realmguard.js';

export {
  realmguard,
  authenticate,
  requireRole,
  requireScope,
  requirePolicy,
  requirePermission,
} from './realmguard.js';
export type {
  AuthErrorHandler,
  OnError,
  RealmguardHook,
  RealmguardOptions,
  RealmguardPluginOptions,
} from './realmguard.js';
export { fromKeycloakJson } from './keycloak-json.js';
export { backchannelLogout, pushNotBefore } from './backchannel-logout.js';
export type { ReceiverPluginOptions } from './backchannel-logout.js';
export type { Principal, Policy, RoleSpec, AuthError, VerifierOptions } from '@realmguard/core';
export default realmguard;
