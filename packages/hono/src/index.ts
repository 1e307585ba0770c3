/**
 * `@realmguard/hono`: Hono 4 middleware over `@realmguard/core`, for Node.js and edge runtimes.
 *
 * @example
 * ```ts
 * import { realmguard, requireRole, type AuthVariables } from '@realmguard/hono';
 * const app = new Hono<{ Variables: AuthVariables }>();
 * app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }));
 * app.get('/admin', requireRole('admin'), (c) => c.json({ user: c.get('auth').username }));
 * ```
 *
 * @packageDocumentation
 */
export * from './realmguard.js';
export { backchannelLogout, pushNotBefore } from './backchannel-logout.js';
export { MAX_VERIFIERS } from '@realmguard/core/adapter';
export type { Principal, Policy, RoleSpec, AuthError, VerifierOptions } from '@realmguard/core';
