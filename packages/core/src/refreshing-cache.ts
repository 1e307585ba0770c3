import { LRUCache } from 'lru-cache';
import { idpUnavailable } from './errors.js';
import { IdpFetchError } from './http.js';

/**
 * A per-issuer cache of one remote resource (discovery metadata, a key set), on lru-cache:
 *
 * - concurrent loads of one key share a single fetch (lru-cache `fetch` coalescing);
 * - a fresh value serves for `ttl`; after that the stale value answers at once while one
 *   background refresh runs;
 * - when a refresh fails, the previous value keeps serving for up to `staleWindow` after it went
 *   stale, and the next attempt waits for an exponential backoff;
 * - with nothing usable cached, failures are not cached: callers get a 503 error with
 *   `Retry-After` until the backoff ends, then one caller tries again.
 */

export interface CachedResource<V> {
  readonly value: V;
  /** When the value was fetched (clock ms). */
  readonly fetchedAt: number;
  /** When a fetch was last attempted (clock ms), successful or not. */
  readonly attemptedAt: number;
  /** Why the last attempt failed, when it did and the value is kept from before. */
  readonly lastError: string | undefined;
}

export interface RefreshingCacheOptions<V> {
  load: (key: string, previous: V | undefined) => Promise<V>;
  ttl: number;
  staleWindow: number;
  now: () => number;
  /** Called when a load fails; `servingStale` tells whether an older value still answers. */
  onError?: (key: string, error: unknown, servingStale: boolean) => void;
  /** How many keys (issuers) are kept. */
  max?: number;
}

interface Failure {
  count: number;
  until: number;
}

const BACKOFF_FIRST = 1_000;
const BACKOFF_MAX = 30_000;

/** Exponential backoff after `count` consecutive failures: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffAfter(count: number): number {
  return Math.min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** Math.max(0, count - 1));
}

/** See the module comment. */
export class RefreshingCache<V extends object> {
  private readonly cache: LRUCache<string, CachedResource<V>>;
  private readonly failures: LRUCache<string, Failure>;

  constructor(private readonly options: RefreshingCacheOptions<V>) {
    const perf = { now: options.now };
    this.failures = new LRUCache({ max: options.max ?? 1000, perf });
    this.cache = new LRUCache<string, CachedResource<V>>({
      max: options.max ?? 1000,
      ttl: options.ttl,
      ttlResolution: 0,
      perf,
      allowStale: true,
      noDeleteOnStaleGet: true,
      fetchMethod: (key, stale, { options: fetchOptions }) =>
        this.load(key, stale, (ttl) => (fetchOptions.ttl = ttl)),
    });
  }

  /**
   * The current value, loading it when absent. `force` refetches even a fresh value (an unknown
   * `kid`); a refetch already in flight is shared instead.
   * @throws AuthError 503 when nothing usable is cached and the resource cannot be fetched.
   */
  async get(key: string, force = false): Promise<CachedResource<V>> {
    const now = this.options.now();
    const failure = this.failures.get(key);
    const cached = this.cache.peek(key, { allowStale: true });
    if (failure && now < failure.until && (force || !cached)) {
      if (cached && this.usable(cached, now)) return cached;
      throw idpUnavailable(this.retryAfter(key));
    }
    let entry: CachedResource<V> | undefined;
    try {
      entry = await this.cache.fetch(key, { forceRefresh: force, allowStale: !force });
    } catch {
      // Reported through onError; the caller only learns that nothing can decide right now.
    }
    if (entry && this.usable(entry, this.options.now())) return entry;
    throw idpUnavailable(this.retryAfter(key));
  }

  /** Seconds until the next attempt is allowed (at least 1). */
  retryAfter(key: string): number {
    const failure = this.failures.get(key);
    return failure ? Math.max(1, (failure.until - this.options.now()) / 1000) : 1;
  }

  /**
   * The entry while its value is younger than the TTL, synchronously (the common case costs no
   * promise). Its age counts from the fetch: an entry kept through failed refreshes is not fresh.
   */
  fresh(key: string): CachedResource<V> | undefined {
    const entry = this.cache.peek(key, { allowStale: true });
    return entry && this.options.now() - entry.fetchedAt < this.options.ttl ? entry : undefined;
  }

  /** The cached value without loading, stale or not. */
  peek(key: string): CachedResource<V> | undefined {
    return this.cache.peek(key, { allowStale: true });
  }

  /** Whether the cached value is within its ttl. */
  isFresh(key: string): boolean {
    return this.cache.getRemainingTTL(key) > 0;
  }

  /** Whether a refresh is waiting for its backoff after a failure. */
  isCoolingDown(key: string): boolean {
    const failure = this.failures.get(key);
    return failure !== undefined && this.options.now() < failure.until;
  }

  private usable(entry: CachedResource<V>, now: number): boolean {
    return now - entry.fetchedAt <= this.options.ttl + this.options.staleWindow;
  }

  private async load(
    key: string,
    stale: CachedResource<V> | undefined,
    setTtl: (ttl: number) => void,
  ): Promise<CachedResource<V>> {
    const startedAt = this.options.now();
    try {
      const value = await this.options.load(key, stale?.value);
      this.failures.delete(key);
      const now = this.options.now();
      return { value, fetchedAt: now, attemptedAt: startedAt, lastError: undefined };
    } catch (error) {
      const count = (this.failures.get(key)?.count ?? 0) + 1;
      const backoff = backoffAfter(count);
      const now = this.options.now();
      this.failures.set(key, { count, until: now + backoff });
      const servingStale = stale !== undefined && this.usable(stale, now);
      this.options.onError?.(key, error, servingStale);
      // Without an earlier value the waiting caller gets the error; the entry is dropped.
      if (!stale) throw error;
      // Keep the earlier value (usable or not: `get` decides) until the backoff ends.
      setTtl(backoff);
      return { ...stale, attemptedAt: startedAt, lastError: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof IdpFetchError) return error.message;
  return error instanceof Error ? error.message : 'unknown error';
}
