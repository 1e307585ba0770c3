import type { SharedStore, StoreListener } from '@realmguard/core';
import { createClient, type RedisClientType } from 'redis';
import { ADD_TO_SET } from './scripts.js';

/**
 * The realmguard shared store on Redis, with the official node-redis client. Two connections: one
 * for commands (each with a deadline, none queued while disconnected, so that a dead Redis fails
 * fast instead of piling up requests) and one for the revocation subscription, which node-redis
 * reconnects and resubscribes by itself.
 */

/** A node-redis client, whatever its modules, scripts, RESP version and type mapping. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any client of node-redis 6 will do
export type RedisClient = RedisClientType<any, any, any, any, any>;

/** Where the store connects. */
export type RedisConnection =
  | {
      /** `redis://[[user]:password@]host[:port][/db]` or `rediss://…` (TLS). */
      url: string;
    }
  | {
      /**
       * A client of your own (connected, or connected here when it is not). The store sends its
       * commands through it and opens one duplicate of it for the subscription; `close()` closes
       * only that duplicate. Attach your own `error` listener to it.
       */
      client: RedisClient;
    };

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key and channel, so that several APIs (or environments) can share one Redis.
   * Default `realmguard:`.
   */
  keyPrefix?: string;
  /** Deadline of each command in ms (core applies its own `storeTimeout` as well). Default 50. */
  timeout?: number;
}

/** A {@link SharedStore} on Redis. */
export interface RedisStore extends SharedStore {
  /** Whether the command connection is up right now. */
  readonly connected: boolean;
  /** Unsubscribes and closes the connections this store opened. */
  close(): Promise<void>;
}

/** Reconnect quickly and forever: 50 ms doubling to 1 s, plus up to 100 ms of jitter. */
const reconnectStrategy = (retries: number): number =>
  Math.min(50 * 2 ** retries, 1_000) + Math.floor(Math.random() * 100);

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : 'unknown error';

const ignore = (): void => undefined;

/**
 * Redis did not answer within the store's timeout.
 *
 * @example
 * ```ts
 * createVerifier({
 *   issuer,
 *   audience,
 *   onEvent: (event) => event.type === 'store_unavailable' && log.warn(event.reason), // names the timeout
 * });
 * ```
 */
export class RedisTimeoutError extends Error {
  override readonly name = 'RedisTimeoutError';
}

function withDeadline<T>(pending: Promise<T>, timeout: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RedisTimeoutError(`Redis did not answer within ${timeout} ms`)),
      timeout,
    );
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Creates the Redis shared store. It connects in the background: a verifier can start (and
 * serve, by its `onStoreUnavailable` policy) while Redis is still unreachable.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@realmguard/core';
 * import { createRedisStore } from '@realmguard/redis';
 *
 * const store = createRedisStore({ url: process.env.REDIS_URL! }, { keyPrefix: 'orders-api:' });
 * const verifier = createVerifier({ issuer, audience: 'orders-api', store });
 * // on shutdown
 * await store.close();
 * ```
 */
export function createRedisStore(
  connection: RedisConnection,
  options: RedisStoreOptions = {},
): RedisStore {
  const prefix = options.keyPrefix ?? 'realmguard:';
  const timeout = options.timeout ?? 50;
  if (typeof prefix !== 'string') throw new TypeError('keyPrefix must be a string');
  if (!Number.isFinite(timeout) || timeout < 1) throw new TypeError('timeout must be >= 1 ms');

  const owned = 'url' in connection;
  const commands: RedisClient = owned
    ? createClient({
        url: connection.url,
        disableOfflineQueue: true,
        socket: { reconnectStrategy, connectTimeout: 2_000 },
      })
    : connection.client;
  if (owned) commands.on('error', ignore);
  const subscriber: RedisClient = owned
    ? commands.duplicate()
    : commands.duplicate({ disableOfflineQueue: true });
  subscriber.on('error', ignore);
  if (!commands.isOpen) commands.connect().catch(ignore);
  subscriber.connect().catch(ignore);

  // node-redis's own `timeout` only covers a command not yet written: the deadline here also
  // covers the wait for the reply (a slow or paused Redis).
  const send = (args: string[]): Promise<unknown> =>
    withDeadline(commands.sendCommand(args, { timeout }), timeout);
  const ms = (ttl: number): string => String(Math.max(1, Math.ceil(ttl)));
  const subscriptions = new Set<() => Promise<void>>();

  return {
    get connected() {
      return commands.isReady;
    },
    async get(key) {
      const value = await send(['GET', prefix + key]);
      return typeof value === 'string' ? value : undefined;
    },
    async set(key, value, ttlMs) {
      await send(['SET', prefix + key, value, 'PX', ms(ttlMs)]);
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await send(['SET', prefix + key, value, 'PX', ms(ttlMs), 'NX'])) === 'OK';
    },
    async addToSet(key, member, ttlMs) {
      const now = Date.now();
      const ttl = ms(ttlMs);
      await send([
        'EVAL',
        ADD_TO_SET,
        '1',
        prefix + key,
        String(now + Number(ttl)),
        member,
        String(now),
        ttl,
      ]);
    },
    async members(key) {
      const reply = await send(['ZRANGEBYSCORE', prefix + key, `(${Date.now()}`, '+inf']);
      return Array.isArray(reply) ? reply.filter((m): m is string => typeof m === 'string') : [];
    },
    async publish(channel, message) {
      await send(['PUBLISH', prefix + channel, message]);
    },
    subscribe(channel, listener) {
      const subscription = subscribe(subscriber, prefix + channel, listener);
      subscriptions.add(subscription.stop);
      return {
        unsubscribe: () => {
          subscriptions.delete(subscription.stop);
          return subscription.stop();
        },
      };
    },
    async close() {
      await Promise.all([...subscriptions].map((stop) => stop().catch(ignore)));
      subscriptions.clear();
      const closing = owned ? [commands, subscriber] : [subscriber];
      await Promise.all(closing.map((client) => client.close().catch(() => client.destroy())));
    },
  };
}

/**
 * One channel subscription on the subscriber connection: subscribes once the connection is
 * ready (retrying until it is), reports `ready` after every reconnection (node-redis has
 * resubscribed by then) and `down` once per loss.
 */
function subscribe(
  subscriber: RedisClient,
  channel: string,
  listener: StoreListener,
): { stop: () => Promise<void> } {
  let active = true;
  let subscribed = false;
  /** Unknown until the first connection succeeds or fails. */
  let up: boolean | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const onMessage = (message: string): void => {
    if (active) listener.message(message);
  };
  const becomeReady = (): void => {
    if (!active || up === true) return;
    up = true;
    listener.ready();
  };
  const attempt = (): void => {
    if (!active || subscribed) return;
    subscriber.subscribe(channel, onMessage).then(
      () => {
        subscribed = true;
        becomeReady();
      },
      (error: unknown) => {
        goDown(reasonOf(error));
        retry = setTimeout(() => subscriber.isReady && attempt(), 250);
        retry.unref?.();
      },
    );
  };
  const onReady = (): void => (subscribed ? becomeReady() : attempt());
  const goDown = (reason: string): void => {
    if (!active || up === false) return;
    up = false;
    listener.down(reason);
  };
  const onError = (error: unknown): void => goDown(reasonOf(error));
  const onReconnecting = (): void => goDown('reconnecting to Redis');
  const onEnd = (): void => goDown('the Redis connection closed');
  subscriber.on('ready', onReady);
  subscriber.on('error', onError);
  subscriber.on('reconnecting', onReconnecting);
  subscriber.on('end', onEnd);
  if (subscriber.isReady) attempt();
  return {
    async stop() {
      if (!active) return;
      active = false;
      if (retry !== undefined) clearTimeout(retry);
      subscriber.off('ready', onReady);
      subscriber.off('error', onError);
      subscriber.off('reconnecting', onReconnecting);
      subscriber.off('end', onEnd);
      if (subscribed && subscriber.isReady) {
        await subscriber.unsubscribe(channel, onMessage).catch(ignore);
      }
    },
  };
}
