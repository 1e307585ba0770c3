/**
 * `@realmguard/redis`: the realmguard shared store on Redis, so that every instance of an API
 * behind a load balancer agrees on revoked sessions (back-channel logout, not-before pushes),
 * replayed `jti`s and introspection/UMA answers.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@realmguard/core';
 * import { createRedisStore } from '@realmguard/redis';
 *
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379' }, { keyPrefix: 'orders-api:' });
 * const verifier = createVerifier({ issuer, audience: 'orders-api', store });
 * ```
 *
 * @packageDocumentation
 */
export { createRedisStore, RedisTimeoutError } from './redis-store.js';
export type { RedisClient, RedisConnection, RedisStore, RedisStoreOptions } from './redis-store.js';
