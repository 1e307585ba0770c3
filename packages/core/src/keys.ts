import { importJWK } from 'jose';
import { Deadline, DEADLINE_PASSED } from './deadline.js';
import { idpUnavailable, invalidToken } from './errors.js';
import type { Discovery } from './discovery.js';
import { reportFetchFailures, type EventSink } from './events.js';
import { fetchJson, httpOptionsOf } from './http.js';
import {
  keyFitsAlgorithm,
  parseKeySet,
  type KeySet,
  type PrivateMaterial,
  type SigningKey,
} from './key-set.js';
import type { ResolvedOptions } from './options.js';
import { nodeSignatureCheck, type NodeSignatureCheck } from './node-crypto.js';
import { RefreshingCache, type CachedResource } from './refreshing-cache.js';

export { keyFitsAlgorithm, parseKeySet, type KeySet, type SigningKey } from './key-set.js';

/**
 * Milliseconds a request waiting for the next allowed refetch keeps beyond its `timeout`, on top
 * of the last key-set fetch's own duration, for that refetch to answer (at most a tenth of
 * `timeout`). Without it a kid arriving moments after a fetch could only get a 401 or a 503.
 */
const REFETCH_GRACE = 250;

/** The operator hint for a JWKS that publishes private key members (names only, never values). */
function privateMaterialHint(issuer: string, leaks: readonly PrivateMaterial[]): string {
  const keys = leaks
    .map(({ kid, members }) => `kid ${kid ?? '(none)'}: ${members.join(', ')}`)
    .join('; ');
  return (
    `The JWKS of ${issuer} publishes private key material (${keys}). realmguard ignores the ` +
    'private members and verifies with the public ones only, but anyone who can read the JWKS ' +
    'can sign tokens with these keys: treat them as compromised. Publish public keys only ' +
    '(fix the proxy or custom endpoint that serves the key set), then rotate the keys in the ' +
    'Keycloak admin console: Realm settings → Keys → Providers → Add provider, and delete the ' +
    'leaked ones.'
  );
}

/** Imports (once per algorithm) the CryptoKey that verifies `alg` signatures. */
export function cryptoKeyFor(key: SigningKey, alg: string): Promise<CryptoKey | Uint8Array> {
  let imported = key.imported.get(alg);
  if (!imported) {
    imported = importJWK(key.jwk, alg);
    // A key that fails to import is retried next time rather than cached as a failure.
    imported.catch(() => key.imported.delete(alg));
    key.imported.set(alg, imported);
  }
  return imported;
}

/**
 * The `node:crypto` signature check for `alg`, made once per key and algorithm; undefined where
 * the Web Crypto path (`cryptoKeyFor` + jose) verifies instead, including keys Node rejects.
 */
export function signatureCheckFor(key: SigningKey, alg: string): NodeSignatureCheck | undefined {
  if (key.checks.has(alg)) return key.checks.get(alg);
  let check: NodeSignatureCheck | undefined;
  try {
    check = nodeSignatureCheck(key.jwk, alg);
  } catch {
    check = undefined;
  }
  key.checks.set(alg, check);
  return check;
}

/**
 * Per-issuer JWKS cache. Keys are found by `kid` (and `alg`); an unknown `kid` triggers at most
 * one refetch per cooldown, shared by concurrent requests (which wait for it, within `timeout`).
 * Keys that disappear from the JWKS are reported through `onDropped` so that tokens verified
 * with them are forgotten.
 */
export class KeyStore {
  private readonly cache: RefreshingCache<KeySet>;
  /** The refetch unknown kids wait for, per issuer (issuers are allow-listed: bounded). */
  private readonly nextRefetch = new Map<string, Promise<CachedResource<KeySet>>>();

  constructor(
    private readonly options: ResolvedOptions,
    discovery: Discovery,
    events: EventSink,
    onDropped: (issuer: string, kids: readonly string[]) => void,
  ) {
    const http = httpOptionsOf(options);
    this.cache = new RefreshingCache<KeySet>({
      ttl: options.keysMaxAge,
      staleWindow: options.keysStaleWindow,
      now: options.now,
      load: async (issuer, previous) => {
        const { jwks_uri } = await discovery.get(issuer);
        const { set, privateMaterial } = parseKeySet(await fetchJson(jwks_uri, http));
        // Once per key-set fetch: the keys still verify (public members only), the leak is the
        // operator's to fix. Never the caller's token's fault.
        if (privateMaterial.length > 0 && events.enabled) {
          events.emit({
            type: 'configuration_problem',
            code: 'jwks_private_key',
            hint: privateMaterialHint(issuer, privateMaterial),
          });
        }
        const dropped = previous
          ? [...previous.byKid.keys()].filter((kid) => !set.byKid.has(kid))
          : [];
        if (dropped.length > 0) onDropped(issuer, dropped);
        if (events.enabled) {
          events.emit({ type: 'keys_refreshed', issuer, kids: [...set.byKid.keys()], dropped });
        }
        return set;
      },
      onError: reportFetchFailures(events, 'jwks', 'unavailable'),
    });
  }

  /** Fetches the issuer's keys now (cold start), if not cached. */
  async warmUp(issuer: string): Promise<void> {
    await this.cache.get(issuer);
  }

  /**
   * The key for this header from a key set within its max age, synchronously; undefined when
   * `find` has to decide (no fresh key set, or no such key in it).
   */
  findFresh(issuer: string, kid: string | undefined, alg: string): SigningKey | undefined {
    const entry = this.cache.fresh(issuer);
    return entry && select(entry.value, kid, alg);
  }

  /**
   * The key that should verify a token with this header. An unknown kid may be a key rotated in
   * since the last fetch: the key set is refetched at most once per `keys.cooldown` (so that
   * made-up kids cannot hammer the identity provider), and a request that arrives during the
   * cooldown waits for that next refetch when it starts within the request's `timeout`,
   * instead of failing: tokens signed with a new key verify within one cooldown of the rotation.
   *
   * A request waits at most `timeout` in total for a cold-start fetch and for the next allowed
   * refetch to start; the refetch itself may take the last fetch's duration and a grace of at
   * most 250 ms beyond that (see `awaitRefetch`). Then it gets 503 with `Retry-After`; the shared
   * fetch it stops waiting for runs on for the others (issue 9 item 5's rule, on the JWKS path).
   * @throws AuthError 401 `unknown_key`, or 503 when the IdP is down or too slow and nothing
   * cached decides.
   */
  async find(issuer: string, kid: string | undefined, alg: string): Promise<SigningKey> {
    const arrivedAt = this.options.now();
    const before = this.cache.peek(issuer);
    const deadline = new Deadline(this.options.timeout);
    try {
      const entry = await deadline.race(this.cache.get(issuer));
      if (entry === DEADLINE_PASSED) throw this.unavailable(issuer);
      const found = select(entry.value, kid, alg);
      if (found) return found;
      // A key set fetched for this very request (cold start) is newer than its token: the kid is
      // unknown, there is no rotation to wait for.
      const fetchedNow = entry !== before && entry.attemptedAt >= arrivedAt;
      const next = fetchedNow ? undefined : this.refetch(issuer, entry, deadline.remaining());
      const refreshed = next && (await this.awaitRefetch(next, entry, deadline.remaining()));
      if (refreshed === DEADLINE_PASSED) throw this.unavailable(issuer);
      const latest = refreshed ?? entry;
      const again = refreshed && select(refreshed.value, kid, alg);
      if (again) return again;
      if (latest.lastError !== undefined) throw this.unavailable(issuer);
      throw invalidToken('unknown_key');
    } finally {
      deadline.clear();
    }
  }

  /**
   * The key set after the next refetch an unknown kid may cause: now when the cooldown is over,
   * else when it ends, if that is within `remaining` ms (one refetch shared by every waiting
   * request); undefined when the refetch could not even start in time.
   */
  private refetch(
    issuer: string,
    entry: CachedResource<KeySet>,
    remaining: number,
  ): Promise<CachedResource<KeySet>> | undefined {
    const wait = entry.attemptedAt + this.options.keysCooldown - this.options.now();
    if (wait <= 0) return this.cache.get(issuer, true);
    if (wait >= remaining) return undefined;
    let next = this.nextRefetch.get(issuer);
    if (!next) {
      next = new Promise<void>((resolve) => setTimeout(resolve, wait))
        .then(() => this.cache.get(issuer, true))
        .finally(() => this.nextRefetch.delete(issuer));
      this.nextRefetch.set(issuer, next);
    }
    return next;
  }

  /**
   * Waits for a refetch until the request's deadline plus the time the last fetch of this key
   * set took and {@link REFETCH_GRACE}: with the default cooldown and timeout (5 s each), a
   * rotated-in kid that arrives moments after a fetch still verifies instead of getting a 401
   * (or a 503 for a refetch that could not finish in the last milliseconds). A hanging refetch
   * holds the request at most that much beyond `timeout`.
   */
  private async awaitRefetch(
    next: Promise<CachedResource<KeySet>>,
    entry: CachedResource<KeySet>,
    remaining: number,
  ): Promise<CachedResource<KeySet> | typeof DEADLINE_PASSED> {
    const lastFetch = Math.max(0, entry.fetchedAt - entry.attemptedAt);
    const grace = Math.min(REFETCH_GRACE, this.options.timeout / 10);
    const patience = new Deadline(remaining + lastFetch + grace);
    try {
      return await patience.race(next);
    } finally {
      patience.clear();
    }
  }

  private unavailable(issuer: string): Error {
    return idpUnavailable(this.cache.retryAfter(issuer));
  }

  /** Cached key-set state for health checks, without fetching. */
  state(issuer: string): {
    kids: readonly string[];
    fetchedAt: number | undefined;
    fresh: boolean;
    backingOff: boolean;
    lastError: string | undefined;
  } {
    const entry = this.cache.peek(issuer);
    return {
      kids: entry ? [...entry.value.byKid.keys()] : [],
      fetchedAt: entry?.fetchedAt,
      fresh: this.cache.isFresh(issuer),
      backingOff: this.cache.isBackingOff(issuer),
      lastError: entry?.lastError,
    };
  }
}

function select(set: KeySet, kid: string | undefined, alg: string): SigningKey | undefined {
  if (kid !== undefined) {
    const key = set.byKid.get(kid);
    return key && keyFitsAlgorithm(key.jwk, alg) ? key : undefined;
  }
  // No kid (very old Keycloak, some other providers): only an unambiguous key will do.
  const fitting = set.keys.filter((key) => keyFitsAlgorithm(key.jwk, alg));
  return fitting.length === 1 ? fitting[0] : undefined;
}
