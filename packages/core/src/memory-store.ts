import { LRUCache } from 'lru-cache';
import type { SharedStore, StoreListener, StoreSubscription } from './store.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Most keys kept (set/setIfAbsent entries; the least recently used go first). Default 100,000. */
  maxEntries?: number;
  /** The clock, in epoch milliseconds. Default Date.now. */
  now?: () => number;
}

/**
 * The in-process {@link SharedStore}: what a verifier uses when no `store` is given. It shares
 * state between the verifiers of one process that are given the same store, and with nothing
 * else: several instances of an API need `@realmguard/redis` instead.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const a = createVerifier({ issuer, audience: 'orders-api', store });
 * const b = createVerifier({ issuer, audience: 'orders-api', store }); // hears a's revocations
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SharedStore {
  const now = options.now ?? Date.now;
  const values = new LRUCache<string, string>({
    max: options.maxEntries ?? 100_000,
    ttlResolution: 0,
    perf: { now },
  });
  const sets = new Map<string, Map<string, number>>();
  const channels = new Map<string, Set<StoreListener>>();
  const ttl = (ms: number): number => Math.max(1, Math.ceil(ms));

  const live = (key: string): Map<string, number> | undefined => {
    const set = sets.get(key);
    if (!set) return undefined;
    const at = now();
    for (const [member, expiresAt] of set) if (expiresAt <= at) set.delete(member);
    if (set.size === 0) sets.delete(key);
    return set.size === 0 ? undefined : set;
  };

  return {
    inProcess: true,
    get: (key) => Promise.resolve(values.get(key)),
    set(key, value, ttlMs) {
      values.set(key, value, { ttl: ttl(ttlMs) });
      return Promise.resolve();
    },
    setIfAbsent(key, value, ttlMs) {
      if (values.has(key)) return Promise.resolve(false);
      values.set(key, value, { ttl: ttl(ttlMs) });
      return Promise.resolve(true);
    },
    addToSet(key, member, ttlMs) {
      const set = live(key) ?? new Map<string, number>();
      set.set(member, now() + ttl(ttlMs));
      sets.set(key, set);
      return Promise.resolve();
    },
    members: (key) => Promise.resolve([...(live(key)?.keys() ?? [])]),
    publish(channel, message) {
      // Delivered after the publisher's own code ran, as from a server.
      for (const listener of channels.get(channel) ?? []) {
        queueMicrotask(() => listener.message(message));
      }
      return Promise.resolve();
    },
    subscribe(channel, listener): StoreSubscription {
      const listeners = channels.get(channel) ?? new Set<StoreListener>();
      listeners.add(listener);
      channels.set(channel, listeners);
      queueMicrotask(() => listener.ready());
      return {
        unsubscribe() {
          listeners.delete(listener);
          return Promise.resolve();
        },
      };
    },
  };
}
