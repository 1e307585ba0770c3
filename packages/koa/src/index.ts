/**
 * `@realmguard/koa`: Koa 2 and 3 middleware over `@realmguard/core`.
 *
 * @example
 * ```ts
 * import { realmguard, requireRole, type AuthState } from '@realmguard/koa';
 * const app = new Koa<AuthState>();
 * app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }));
 * app.use(requireRole('admin'));
 * ```
 *
 * @packageDocumentation
 */
export * from './realmguard.js';
export { backchannelLogout, pushNotBefore } from './backchannel-logout.js';
export { fromKeycloakJson } from './keycloak-json.js';
export type { Principal, Policy, RoleSpec, AuthError, VerifierOptions } from '@realmguard/core';
