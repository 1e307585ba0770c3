/**
 * `@realmguard/testing/node`: serve a test Keycloak over real HTTP (Node only).
 *
 * @example
 * ```ts
 * import { listen } from '@realmguard/testing/node';
 * const server = await listen(kc);
 * ```
 * @module
 */
export { listen } from './listen.js';
export type { ListenOptions, ListeningKeycloak } from './listen.js';
export { startRedis, redisServerPath, REDIS_INSTALL_HINT } from './redis-server.js';
export type { TestRedis } from './redis-server.js';
