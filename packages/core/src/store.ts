/**
 * The shared-store contract: the little that must agree across the instances of an API behind a
 * load balancer. Revocation (back-channel logout, not-before pushes), replay detection (logout
 * token and DPoP proof `jti`s) and the introspection/UMA answer caches all go through it.
 *
 * The default store is in-process ({@link createMemoryStore}); `@realmguard/redis` implements it
 * on Redis. The contract uses plain strings and Web APIs only: no Redis types.
 *
 * Rules every caller in core follows, so that an implementation need not know them:
 * - no key, member or value contains a raw token: tokens are named by base64url(SHA-256);
 * - every entry has a TTL, and no entry outlives the token it is about;
 * - every operation may fail or be slow: core wraps each one in a timeout (`storeTimeout`,
 *   default 50 ms) and decides by `onStoreUnavailable` what a failure means.
 */

/**
 * What a subscriber hears: messages, and the state of the subscription itself.
 *
 * @example
 * ```ts
 * store.subscribe('revocations', {
 *   message: (text) => apply(JSON.parse(text)),
 *   ready: () => reloadEverything(), // (re)connected: read back what was missed
 *   down: (reason) => log.warn(reason),
 * });
 * ```
 */
export interface StoreListener {
  /** One published message, in publication order. */
  message(message: string): void;
  /**
   * The subscription is live, for the first time or again after a reconnection: messages
   * published from now on arrive. Whatever was published while it was down is lost, so the
   * listener reads the state back (`members`).
   */
  ready(): void;
  /** The subscription is down (connection lost): messages published now are missed. */
  down(reason: string): void;
}

/** An active subscription. */
export interface StoreSubscription {
  /** Stops listening (messages and state changes). */
  unsubscribe(): Promise<void>;
}

/**
 * The shared store. Keys, members, channels and values are opaque strings to it; TTLs are
 * milliseconds (at least 1). Implementations add their own namespace (e.g. a Redis key prefix).
 *
 * @example
 * ```ts
 * import { createVerifier } from '@realmguard/core';
 * import { createRedisStore } from '@realmguard/redis';
 *
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379' }, { keyPrefix: 'orders-api:' });
 * const verifier = createVerifier({ issuer, audience: 'orders-api', store });
 * ```
 */
export interface SharedStore {
  /**
   * True for a store that lives in this process (no connection that can be lost): revocation
   * state is then always current, and `fail-closed` never refuses requests because of it.
   */
  readonly inProcess?: boolean;
  /** The value of `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Sets `key` to `value` for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Sets `key` to `value` for `ttlMs` only if it is absent: true when this call set it (the
   * first sighting of a `jti`), false when it was already there (a replay). Atomic across
   * every instance that shares the store.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Adds `member` to the set `key`; the member expires after `ttlMs` on its own (the set
   * itself lives as long as its longest-lived member). Adding a present member renews it.
   */
  addToSet(key: string, member: string, ttlMs: number): Promise<void>;
  /** Every member of the set `key` that has not expired. */
  members(key: string): Promise<string[]>;
  /** Publishes `message` to every subscriber of `channel`, this instance's own included. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Subscribes to `channel`. `listener.ready()` is called once the subscription is live, and
   * again after every reconnection; `listener.down()` whenever it is lost.
   */
  subscribe(channel: string, listener: StoreListener): StoreSubscription;
}
