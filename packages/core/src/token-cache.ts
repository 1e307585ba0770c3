import { LRUCache } from 'lru-cache';
import type { Principal } from './principal.js';

interface Entry {
  /** The whole token: an entry answers for exactly this string and nothing else. */
  readonly token: string;
  readonly principal: Principal;
  readonly issuer: string;
  readonly kid: string | undefined;
  /** Clock ms after which the entry must not answer (the token's exp). */
  readonly expiresAt: number;
  /** Estimated heap bytes of claims the principal holds beyond its token (introspection). */
  readonly bytes: number;
}

/** Counters for `verifier.stats()`. */
export interface TokenCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

/** Characters of the token's end that index an entry (192 bits of a signature). */
const INDEX_CHARS = 32;

/**
 * Where an entry is filed: the token's last 32 characters (signature bytes for a JWS). Hashing a
 * whole 1.5 KB Keycloak token costs V8 about 2 µs on every request, more than the rest of a cache
 * hit; hashing 32 characters costs almost nothing. The index only finds the entry: `find` then
 * compares the whole token, so an entry still answers for exactly one token.
 */
function indexOf(token: string): string {
  return token.length > INDEX_CHARS ? token.slice(-INDEX_CHARS) : token;
}

/**
 * Verified tokens, identified by the whole token string (never a part of it: two tokens that
 * share a header, payload or signature but differ anywhere must never share an entry). Entries
 * never outlive the token's `exp`, and the cache is bounded both in entries and in estimated bytes.
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
      // memory benchmark (bench/memory.mjs) checks against the measured heap; plus the claims
      // that introspection added (an opaque token's are all there is), as estimated when the
      // answer was read (test/introspection-memory.test.ts checks that estimate).
      sizeCalculation: (entry) => entry.token.length * 4 + 1024 + entry.bytes,
      ttlResolution: 0,
      perf: { now },
    });
  }

  /** The principal of a verified token that has not expired yet; counts the hit or the miss. */
  get(token: string): Principal | undefined {
    const principal = this.find(token);
    if (principal === undefined) this.misses++;
    return principal;
  }

  /** Like `get`, but counts only a hit: the caller goes on to `get` when this finds nothing. */
  find(token: string): Principal | undefined {
    const entry = this.cache.get(indexOf(token));
    if (entry !== undefined && entry.token === token && entry.expiresAt > this.now()) {
      this.hits++;
      return entry.principal;
    }
    return undefined;
  }

  /**
   * Remembers a verified token until its `exp` (no later), and at most `maxTtl` when given.
   * `bytes`: the estimated size of claims the principal holds beyond what the token carries.
   */
  set(
    token: string,
    principal: Principal,
    issuer: string,
    kid: string | undefined,
    maxTtl?: number,
    bytes = 0,
  ): void {
    const expiresAt = principal.expiresAt.getTime();
    const ttl = Math.min(expiresAt - this.now(), maxTtl ?? Number.POSITIVE_INFINITY);
    // `!(ttl > 0)` also refuses NaN (an exp that is no representable date).
    if (!(ttl > 0)) return;
    this.cache.set(indexOf(token), { token, principal, issuer, kid, expiresAt, bytes }, { ttl });
  }

  /** Forgets every token verified with a key that the issuer no longer publishes. */
  purgeKeys(issuer: string, kids: readonly string[]): void {
    const dropped = new Set(kids);
    const doomed: string[] = [];
    for (const [index, entry] of this.cache.entries()) {
      if (entry.issuer === issuer && entry.kid !== undefined && dropped.has(entry.kid)) {
        doomed.push(index);
      }
    }
    for (const index of doomed) this.cache.delete(index);
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
