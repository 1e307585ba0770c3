/**
 * A cap on concurrent calls with a bounded wait queue, so that a flood of distinct tokens cannot
 * turn into a flood of requests to the identity provider; and a deadline, so that no request
 * waits longer than the IdP `timeout` in total, queue included.
 */

/** Why a task did not run. */
export type Refusal = 'queue_full' | 'deadline';

interface Waiter {
  resolve: () => void;
  timer: ReturnType<typeof setTimeout>;
}

export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly max: number,
    readonly maxQueued: number,
  ) {}

  /** Calls in flight right now. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `task` when a slot is free, giving it the milliseconds left of `budget` (the time the
   * whole call may take, wait included).
   * @returns `{ value }`, or the refusal without running the task: the queue is full, or no slot
   * came free within the budget.
   *
   * @example
   * ```ts
   * const outcome = await limit.run((remaining) => post({ timeout: remaining }), 5_000);
   * if ('refused' in outcome) throw idpUnavailable(1);
   * ```
   */
  async run<T>(
    task: (remaining: number) => Promise<T>,
    budget: number,
  ): Promise<{ value: T } | { refused: Refusal }> {
    const started = Date.now();
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxQueued) return { refused: 'queue_full' };
      const slot = await new Promise<boolean>((resolve) => {
        const waiter: Waiter = {
          resolve: () => resolve(true),
          timer: setTimeout(() => {
            const index = this.waiting.indexOf(waiter);
            if (index >= 0) this.waiting.splice(index, 1);
            resolve(false);
          }, budget),
        };
        this.waiting.push(waiter);
      });
      if (!slot) return { refused: 'deadline' };
    } else {
      this.active++;
    }
    try {
      const remaining = budget - (Date.now() - started);
      if (remaining <= 0) return { refused: 'deadline' };
      return { value: await task(remaining) };
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve();
      } else this.active--;
    }
  }
}
