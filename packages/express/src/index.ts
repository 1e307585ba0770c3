/**
 * `@realmguard/express`: Express 4 and 5 middleware over `@realmguard/core`.
 *
 * @example
 * ```ts
 * import { realmguard, requireRole } from '@realmguard/express';
 * app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }));
 * app.get('/admin', requireRole('admin'), (req, res) => res.json(req.auth));
 * ```
 *
 * @packageDocumentation
 */
export * from './realmguard.js';
export { backchannelLogout, pushNotBefore } from './backchannel-logout.js';
export { fromKeycloakJson } from './keycloak-json.js';
export type { Principal, Policy, RoleSpec, AuthError, VerifierOptions } from '@realmguard/core';
