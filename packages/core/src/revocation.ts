import { AuthError } from './errors.js';
import type { EventSink } from './events.js';
import type { Principal } from './principal.js';
import { encodeRevocation, parseRevocation, type RevocationRecord } from './revocation-record.js';
import { RevokedSet } from './revoked-set.js';
import type { StoreAccess } from './store-access.js';
import type { StoreSubscription } from './store.js';

/**
 * Revoked sessions, users and not-before times, held in this process so that checking a request
 * costs a few Map lookups and no network call. The set is loaded from the shared store at start
 * and after every reconnection, kept current through pub/sub, and repaired in the store when the
 * store lost it (flushed or restarted). A revocation heard while the store is unreachable applies
 * here at once and is written to the store as soon as it answers again.
 */

/** The shared-store set that holds every live revocation, and the channel that announces them. */
export const REVOCATION_SET = 'revocations';
export const REVOCATION_CHANNEL = 'revocations';

/** What {@link Revocations} needs besides the store. */
export interface RevocationConfig {
  /** Refuse every token while the revocation state cannot be confirmed (`fail-closed`). */
  failClosed: boolean;
  /** How often the set is read back from the store even without a reconnection (ms). */
  resyncInterval: number;
  now: () => number;
}

/** What `verifier.stats().revocation` reports. */
export interface RevocationStats {
  /** Revoked sessions, users and not-before times held locally. */
  readonly entries: number;
  /** The subscription is live and the set was read back since it (re)connected. */
  readonly current: boolean;
  /** Revocations heard here that the store has not taken yet. */
  readonly unsent: number;
}

const RETRY_AFTER_FAILED_SYNC = 1_000;

function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}

export class Revocations {
  private readonly revoked = new RevokedSet();
  private readonly unsent = new Set<string>();
  private subscribed = false;
  private loaded = false;
  /** Counts subscription (re)connections: a read that began before the last one proves nothing. */
  private epoch = 0;
  private wasCurrent = false;
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private subscription: StoreSubscription | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private interval: ReturnType<typeof setInterval> | undefined;
  private firstLoad: (() => void) | undefined;
  private readonly loadedOnce: Promise<void>;

  constructor(
    private readonly access: StoreAccess,
    private readonly config: RevocationConfig,
    private readonly events: EventSink,
  ) {
    this.loadedOnce = new Promise((resolve) => (this.firstLoad = resolve));
  }

  /** Revocation state is current: the store is in-process, or subscribed and read back. */
  get current(): boolean {
    return this.access.store.inProcess === true || (this.subscribed && this.loaded);
  }

  /** Subscribes, loads the set, and re-reads it every `resyncInterval`. */
  start(): void {
    this.subscription = this.access.store.subscribe(REVOCATION_CHANNEL, {
      message: (message) => {
        const record = parseRevocation(message);
        if (record) this.apply(record, message, 'shared');
      },
      ready: () => {
        this.subscribed = true;
        this.loaded = false;
        this.epoch++;
        void this.sync();
      },
      down: (reason) => {
        this.subscribed = false;
        this.loaded = false;
        this.epoch++;
        this.wasCurrent = false;
        this.access.report('subscribe', reason);
      },
    });
    // An in-process store cannot lose what it holds: nothing to re-read.
    if (this.access.store.inProcess === true) return;
    this.interval = setInterval(() => void this.sync(), this.config.resyncInterval);
    unref(this.interval);
  }

  /** Stops listening and every timer. */
  async stop(): Promise<void> {
    if (this.interval !== undefined) clearInterval(this.interval);
    for (const timer of this.timers) clearTimeout(timer);
    await this.subscription?.unsubscribe();
  }

  /** Resolves once the set was first read back, or after `maxWait` ms; never rejects. */
  whenLoaded(maxWait: number): Promise<void> {
    if (this.current) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxWait);
      unref(timer);
      void this.loadedOnce.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * The error that refuses this principal's token, or undefined when it is not revoked. The hot
   * path: a boolean, a size test and, when anything is revoked, two or three Map lookups.
   */
  check(principal: Principal): AuthError | undefined {
    if (this.config.failClosed && !this.current) return revocationUnavailable();
    return this.revoked.check(principal);
  }

  /**
   * Applies a revocation heard by this instance at once, then shares it (set + publish). It
   * never rejects: what the store cannot take now is sent when it answers again.
   */
  async revoke(record: RevocationRecord): Promise<void> {
    const encoded = encodeRevocation(record);
    this.apply(record, encoded, 'local');
    this.unsent.add(encoded);
    await this.flush();
  }

  stats(): RevocationStats {
    return { entries: this.revoked.size, current: this.current, unsent: this.unsent.size };
  }

  private apply(record: RevocationRecord, encoded: string, origin: 'local' | 'shared'): void {
    if (record.expiresAt <= this.config.now() || !this.revoked.add(record, encoded)) return;
    if (this.events.enabled) {
      this.events.emit({
        type: 'revocation_applied',
        kind: record.kind,
        issuer: record.issuer,
        origin,
      });
    }
  }

  /** Forgets records every token of which has expired. */
  private prune(): void {
    for (const encoded of this.revoked.prune(this.config.now())) this.unsent.delete(encoded);
  }

  /** Writes and publishes what the store has not taken yet; stops at the first failure. */
  private async flush(): Promise<void> {
    for (const encoded of [...this.unsent]) {
      const record = this.revoked.get(encoded);
      if (record === undefined) {
        this.unsent.delete(encoded);
        continue;
      }
      try {
        await this.access.addToSet(REVOCATION_SET, encoded, this.ttlOf(record));
        await this.access.publish(REVOCATION_CHANNEL, encoded);
        this.unsent.delete(encoded);
      } catch {
        return;
      }
    }
  }

  private ttlOf(record: RevocationRecord): number {
    return Math.max(1, record.expiresAt - this.config.now());
  }

  /**
   * Reads the set back (what was published while the subscription was down), writes back what
   * the store lacks (it was flushed or restarted), then sends what was heard while cut off.
   */
  private sync(): Promise<void> {
    if (this.syncing) {
      // A read already under way may have begun before a reconnection: read again after it.
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = this.load().finally(() => {
      this.syncing = undefined;
      if (this.syncAgain) {
        this.syncAgain = false;
        void this.sync();
      }
    });
    return this.syncing;
  }

  private async load(): Promise<void> {
    const epoch = this.epoch;
    const subscribed = this.subscribed;
    try {
      const members = await this.access.members(REVOCATION_SET);
      for (const member of members) {
        const record = parseRevocation(member);
        if (record) this.apply(record, encodeRevocation(record), 'shared');
      }
      this.prune();
      const present = new Set(members);
      const missing = [...this.revoked.encoded()].filter(
        (encoded) => !present.has(encoded) && !this.unsent.has(encoded),
      );
      for (const encoded of missing) {
        const record = this.revoked.get(encoded);
        if (record) await this.access.addToSet(REVOCATION_SET, encoded, this.ttlOf(record));
      }
      await this.flush();
      // Current only if the subscription was live before the read began, and still is.
      if (subscribed && this.subscribed && epoch === this.epoch) {
        this.loaded = true;
        this.firstLoad?.();
        if (!this.wasCurrent && this.events.enabled) this.events.emit({ type: 'store_restored' });
        this.wasCurrent = true;
      }
    } catch {
      // The store answered the subscription but not the read: try again shortly.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.sync();
      }, RETRY_AFTER_FAILED_SYNC);
      unref(timer);
      this.timers.add(timer);
    }
  }
}

/** 503 while `fail-closed` cannot confirm the revocation state. */
export function revocationUnavailable(): AuthError {
  return new AuthError({ code: 'revocation_unavailable', retryAfter: 1 });
}
