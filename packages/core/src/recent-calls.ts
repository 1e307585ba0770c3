import { LRUCache } from 'lru-cache';
import { PROBE_INTERVAL } from './idp-gate.js';

/**
 * Single flight per key for identity-provider calls: concurrent requests for one key (a token,
 * a token and permission) share one call, as long as that call is younger than `joinWindow`
 * (default one second). A request that finds only an older call still in flight starts a call
 * of its own, which the endpoint's gate may refuse: so a call that hangs until its timeout does
 * not hold every later request for that token when the identity provider answers again, and a
 * token still costs at most one call a second.
 */
export class RecentCalls<V> {
  private readonly inFlight: LRUCache<string, { promise: Promise<V>; startedAt: number }>;

  constructor(
    private readonly now: () => number,
    /** Most keys remembered (beyond it, the oldest calls are no longer shared). */
    max: number,
    private readonly joinWindow = PROBE_INTERVAL,
  ) {
    this.inFlight = new LRUCache({ max });
  }

  /** Calls in flight that a request could still join or outlive. */
  get size(): number {
    return this.inFlight.size;
  }

  /**
   * The call in flight for `key` when it is recent enough, else a new `load()`.
   *
   * @example
   * ```ts
   * const answer = await calls.run(token, () => introspect(token));
   * ```
   */
  run(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const current = this.inFlight.get(key);
    if (current && now - current.startedAt < this.joinWindow) return current.promise;
    const entry = { promise: load(), startedAt: now };
    this.inFlight.set(key, entry);
    const forget = () => {
      if (this.inFlight.peek(key) === entry) this.inFlight.delete(key);
    };
    entry.promise.then(forget, forget);
    return entry.promise;
  }
}
