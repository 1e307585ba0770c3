import { LRUCache } from 'lru-cache';
import { idpUnavailable } from './errors.js';
import { IdpFetchError } from './http.js';

/**
 * A per-issuer cache of one remote resource (discovery metadata, a key set), on lru-cache.
 *
 * While a usable value is cached (fresh, or stale but within `staleWindow`):
 * - a fresh value serves for `ttl`; after that the stale value answers at once while one
 *   background refresh runs (lru-cache `fetch`, which coalesces concurrent loads);
 * - when a refresh fails, the previous value keeps serving and the next attempt waits for an
 *   exponential backoff (1 s, 2 s, 4 s … 30 s): requests do not wait, the IdP is spared.
 *
 * When nothing cached can decide (cold start, or the stale window is over), requests depend on
 * the IdP, so recovery must be fast:
 * - one probe at a time is shared by every request that arrives while it is young;
 * - after a probe starts, the next may start {@link PROBE_INTERVAL} later (plus up to 20 %
 *   jitter, so that instances do not probe in step), and the interval never grows: at most one
 *   probe a second, and a valid token is answered within about a second of the IdP answering;
 * - a probe that hangs does not hold the next one back: it runs to its own `timeout` while the
 *   next probe goes out, so a hung connection cannot delay recovery by the whole timeout;
 * - requests between probes get a 503 with `Retry-After` at once.
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
  /** A number in [0, 1) for the probe jitter. Default `Math.random`. */
  random?: () => number;
}

/** Refresh failures while a usable value still serves. */
interface Failure {
  count: number;
  until: number;
}

/** The latest probe of a resource that nothing cached can answer for. */
interface Probe<V> {
  readonly startedAt: number;
  /** When the next probe may start (clock ms). */
  readonly nextAt: number;
  /** Settled probes are undefined here. */
  pending: Promise<CachedResource<V>> | undefined;
  failed: boolean;
}

const BACKOFF_FIRST = 1_000;
const BACKOFF_MAX = 30_000;
/** Least time between two probes when nothing cached can decide. */
export const PROBE_INTERVAL = 1_000;
/** Up to this share of the interval is added at random. */
const PROBE_JITTER = 0.2;

/** Exponential backoff after `count` consecutive failures: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffAfter(count: number): number {
  return Math.min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** Math.max(0, count - 1));
}

/** See the module comment. */
export class RefreshingCache<V extends object> {
  private readonly cache: LRUCache<string, CachedResource<V>>;
  private readonly failures: LRUCache<string, Failure>;
  private readonly probes: LRUCache<string, Probe<V>>;
  private readonly random: () => number;

  constructor(private readonly options: RefreshingCacheOptions<V>) {
    const perf = { now: options.now };
    const max = options.max ?? 1000;
    this.random = options.random ?? Math.random;
    this.failures = new LRUCache({ max, perf });
    this.probes = new LRUCache({ max, perf });
    this.cache = new LRUCache<string, CachedResource<V>>({
      max,
      ttl: options.ttl,
      ttlResolution: 0,
      perf,
      allowStale: true,
      noDeleteOnStaleGet: true,
      fetchMethod: (key, stale, { options: fetchOptions }) =>
        this.refresh(key, stale, (ttl) => (fetchOptions.ttl = ttl)),
    });
  }

  /**
   * The current value, loading it when absent. `force` refetches even a fresh value (an unknown
   * `kid`); a refetch already in flight is shared instead.
   * @throws AuthError 503 when nothing usable is cached and the resource cannot be fetched.
   */
  async get(key: string, force = false): Promise<CachedResource<V>> {
    const now = this.options.now();
    const cached = this.cache.peek(key, { allowStale: true });
    if (!cached || !this.usable(cached, now)) return this.probe(key, cached, now);
    const failure = this.failures.get(key);
    // Within the backoff a forced refetch is not sent: the stale value answers.
    if (force && failure && now < failure.until) return cached;
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
    const now = this.options.now();
    const cached = this.cache.peek(key, { allowStale: true });
    if (cached && this.usable(cached, now)) {
      const failure = this.failures.get(key);
      return failure ? Math.max(1, (failure.until - now) / 1000) : 1;
    }
    const probe = this.probes.get(key);
    return probe ? Math.max(1, Math.round((probe.nextAt - now) / 1000)) : 1;
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
    return this.fresh(key) !== undefined;
  }

  /** Whether the next attempt waits for a backoff or a probe interval after a failure. */
  isBackingOff(key: string): boolean {
    const now = this.options.now();
    const failure = this.failures.get(key);
    if (failure !== undefined && now < failure.until) return true;
    const probe = this.probes.get(key);
    return probe !== undefined && probe.failed && now < probe.nextAt;
  }

  private usable(entry: CachedResource<V>, now: number): boolean {
    return now - entry.fetchedAt <= this.options.ttl + this.options.staleWindow;
  }

  /** Nothing usable cached: join the young probe, start the next one, or answer 503. */
  private async probe(
    key: string,
    stale: CachedResource<V> | undefined,
    now: number,
  ): Promise<CachedResource<V>> {
    const latest = this.probes.get(key);
    let pending: Promise<CachedResource<V>>;
    if (latest && now < latest.nextAt) {
      if (!latest.pending) throw idpUnavailable(this.retryAfter(key));
      pending = latest.pending;
    } else {
      const probe: Probe<V> = {
        startedAt: now,
        nextAt: now + PROBE_INTERVAL * (1 + PROBE_JITTER * this.random()),
        pending: undefined,
        failed: false,
      };
      pending = this.runProbe(key, stale, probe);
      probe.pending = pending;
      this.probes.set(key, probe);
    }
    try {
      return await pending;
    } catch {
      // Another probe may have succeeded while this one failed or hung.
      const entry = this.cache.peek(key, { allowStale: true });
      if (entry && this.usable(entry, this.options.now())) return entry;
      throw idpUnavailable(this.retryAfter(key));
    }
  }

  private async runProbe(
    key: string,
    stale: CachedResource<V> | undefined,
    probe: Probe<V>,
  ): Promise<CachedResource<V>> {
    try {
      const value = await this.options.load(key, stale?.value);
      const entry: CachedResource<V> = {
        value,
        fetchedAt: this.options.now(),
        attemptedAt: probe.startedAt,
        lastError: undefined,
      };
      // A later probe that finished first already stored a newer value.
      const current = this.cache.peek(key, { allowStale: true });
      if (!current || current.attemptedAt <= probe.startedAt) {
        this.cache.set(key, entry);
        this.failures.delete(key);
      }
      return entry;
    } catch (error) {
      probe.failed = true;
      const now = this.options.now();
      const current = this.cache.peek(key, { allowStale: true });
      if (!current || !this.usable(current, now)) {
        this.options.onError?.(key, error, false);
        // Keep the unusable value (earlier kids, health state) with this attempt recorded.
        if (current && current.attemptedAt < probe.startedAt) {
          this.cache.set(key, {
            ...current,
            attemptedAt: probe.startedAt,
            lastError: describe(error),
          });
        }
      }
      throw error;
    } finally {
      probe.pending = undefined;
    }
  }

  /** lru-cache's fetchMethod: a refresh while a usable value serves (backoff on failure). */
  private async refresh(
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
