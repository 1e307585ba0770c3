import { LRUCache } from 'lru-cache';
import { RecentCalls } from './recent-calls.js';

/**
 * The cache in front of an identity-provider endpoint that answers per token (introspection,
 * UMA, userinfo): an answer is reused for as long as its caller says (never beyond the token's
 * exp), in an LRU bounded in entries and in estimated bytes (the key, a fixed overhead and what
 * the answer holds), and concurrent requests for one key share one call ({@link RecentCalls}).
 */

/** Limits of an answer cache. */
export interface CacheLimits {
  maxEntries: number;
  maxBytes: number;
}

export interface AnswerCacheOptions<A> {
  limits: CacheLimits;
  now: () => number;
  /** Bytes an entry takes beyond its key and `bytesOf(answer)` (entry, key and answer objects). */
  overhead: number;
  /** Estimated heap the answer holds beyond the overhead (copied claims, say); 0 for a verdict. */
  bytesOf: (answer: A) => number;
  /** Most calls shared at once (the endpoint's calls in flight and queued). */
  maxCalls: number;
}

export class AnswerCache<A extends object> {
  private readonly cache: LRUCache<string, A>;
  private readonly calls: RecentCalls<A>;

  constructor(options: AnswerCacheOptions<A>) {
    const { limits, now, overhead, bytesOf } = options;
    this.cache = new LRUCache<string, A>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      // A key is 1 byte a character; an answer's bytes are estimated when it is copied.
      sizeCalculation: (answer, key) => key.length + overhead + bytesOf(answer),
      ttlResolution: 0,
      perf: { now },
    });
    this.calls = new RecentCalls(now, options.maxCalls);
  }

  /** Answers cached. */
  get size(): number {
    return this.cache.size;
  }

  /** Their estimated bytes. */
  get bytes(): number {
    return this.cache.calculatedSize;
  }

  /**
   * The cached answer for `key`, else the answer of a call to `load` (shared with concurrent
   * requests for that key), then kept for `ttlOf(answer)` milliseconds.
   *
   * @example
   * ```ts
   * const answer = await answers.get(token, () => introspect(token), (a) => ttlOf(a));
   * ```
   */
  async get(key: string, load: () => Promise<A>, ttlOf: (answer: A) => number): Promise<A> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    return this.calls.run(key, async () => {
      const answer = await load();
      const ttl = ttlOf(answer);
      // lru-cache reads ttl 0 as "forever": an answer that is already stale is not kept.
      if (ttl >= 1) this.cache.set(key, answer, { ttl });
      return answer;
    });
  }
}
