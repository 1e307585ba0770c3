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
