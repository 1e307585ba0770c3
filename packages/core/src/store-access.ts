import type { EventSink } from './events.js';
import type { SharedStore } from './store.js';

/** A store operation, as `store_unavailable` events name it. */
export type StoreOperation =
  'get' | 'set' | 'setIfAbsent' | 'addToSet' | 'members' | 'publish' | 'subscribe';

/** A store operation failed or took longer than `storeTimeout`. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** At most one `store_unavailable` event per operation and second: an outage is not a flood. */
const EVENT_INTERVAL = 1_000;

/**
 * Every call core makes to a {@link SharedStore}, with a deadline: an operation that fails or
 * outlasts `timeout` rejects with {@link StoreUnavailableError} and reports a
 * `store_unavailable` event, so no request ever waits on a slow or dead store for longer.
 */
export class StoreAccess {
  private readonly lastEvent = new Map<StoreOperation, number>();

  constructor(
    readonly store: SharedStore,
    private readonly timeout: number,
    private readonly events: EventSink,
    private readonly failClosed: boolean,
    private readonly now: () => number,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.run('get', () => this.store.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.run('set', () => this.store.set(key, value, ttlMs));
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.run('setIfAbsent', () => this.store.setIfAbsent(key, value, ttlMs));
  }

  addToSet(key: string, member: string, ttlMs: number): Promise<void> {
    return this.run('addToSet', () => this.store.addToSet(key, member, ttlMs));
  }

  members(key: string): Promise<string[]> {
    return this.run('members', () => this.store.members(key));
  }

  publish(channel: string, message: string): Promise<void> {
    return this.run('publish', () => this.store.publish(channel, message));
  }

  /** Reports an unavailable store (rate-limited per operation). */
  report(operation: StoreOperation, reason: string): void {
    if (!this.events.enabled) return;
    const at = this.now();
    const last = this.lastEvent.get(operation);
    if (last !== undefined && at - last < EVENT_INTERVAL && at >= last) return;
    this.lastEvent.set(operation, at);
    this.events.emit({ type: 'store_unavailable', operation, reason, failClosed: this.failClosed });
  }

  private run<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (reason: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.report(operation, reason);
        reject(new StoreUnavailableError(`shared store ${operation}: ${reason}`));
      };
      const timer = setTimeout(() => fail(`no answer within ${this.timeout} ms`), this.timeout);
      let pending: Promise<T>;
      try {
        pending = call();
      } catch (error) {
        fail(reasonOf(error));
        return;
      }
      pending.then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => fail(reasonOf(error)),
      );
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
