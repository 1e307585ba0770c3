import { LRUCache } from 'lru-cache';
import type { Principal } from './principal.js';

interface Entry {
  readonly principal: Principal;
  readonly issuer: string;
  readonly kid: string | undefined;
  /** Clock ms after which the entry must not answer (the token's exp). */
  readonly expiresAt: number;
}

/** Counters for `verifier.stats()`. */
export interface TokenCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * Verified tokens, keyed by the whole token string (never a part of it: two tokens that share a
 * header or payload but not a signature must never share an entry). Entries never outlive the
 * token's `exp`, and the cache is bounded both in entries and in estimated bytes.
 */
export class VerifiedTokenCache {
  private readonly cache: LRUCache<string, Entry>;
  private hits = 0;
  private misses = 0;

  constructor(
    limits: { maxEntries: number; maxBytes: number },
    private readonly now: () => number,
  ) {
    this.cache = new LRUCache<string, Entry>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      // The token string (one byte per char in V8), its decoded claims (about three times the
      // payload) and the principal with its links: 4 bytes a character plus 1 KiB, which the
      // memory benchmark (bench/memory.mjs) checks against the measured heap.
      sizeCalculation: (_entry, token) => token.length * 4 + 1024,
      ttlResolution: 0,
      perf: { now },
    });
  }

  /** The principal of a verified token that has not expired yet. */
  get(token: string): Principal | undefined {
    const entry = this.cache.get(token);
    if (entry && entry.expiresAt > this.now()) {
      this.hits++;
      return entry.principal;
    }
    this.misses++;
    return undefined;
  }

  /** Remembers a verified token until its `exp` (no later), and at most `maxTtl` when given. */
  set(
    token: string,
    principal: Principal,
    issuer: string,
    kid: string | undefined,
    maxTtl?: number,
  ): void {
    const expiresAt = principal.expiresAt.getTime();
    const ttl = Math.min(expiresAt - this.now(), maxTtl ?? Number.POSITIVE_INFINITY);
    if (ttl <= 0) return;
    this.cache.set(token, { principal, issuer, kid, expiresAt }, { ttl });
  }

  /** Forgets every token verified with a key that the issuer no longer publishes. */
  purgeKeys(issuer: string, kids: readonly string[]): void {
    const dropped = new Set(kids);
    const doomed: string[] = [];
    for (const [token, entry] of this.cache.entries()) {
      if (entry.issuer === issuer && entry.kid !== undefined && dropped.has(entry.kid)) {
        doomed.push(token);
      }
    }
    for (const token of doomed) this.cache.delete(token);
  }

  stats(): TokenCacheStats {
    return {
      entries: this.cache.size,
      bytes: this.cache.calculatedSize,
      hits: this.hits,
      misses: this.misses,
    };
  }
}
