/**
 * One policy module shared by every service of a monorepo, whatever its framework: policies are
 * plain values of `@realmguard/core`. The contract's `/policy` route uses `reports`.
 *
 * @example
 * ```ts
 * app.get('/reports', requirePolicy(reports), handler); // Express, Koa and Hono alike
 * ```
 */
import { allOf, anyOf, role, scope } from '@realmguard/core';

/** Admins, or orders-api viewers whose token was granted `orders:read`. */
export const reports = anyOf(role('admin'), allOf(role('orders-api:viewer'), scope('orders:read')));
