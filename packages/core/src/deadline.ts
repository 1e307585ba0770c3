/**
 * The deadline of one request: however many things it waits for on the way (a key-set fetch, the
 * next allowed refetch, that refetch), it waits at most its budget in total. A shared fetch the
 * request stops waiting for keeps running for the others.
 */

/** What {@link Deadline.race} gives when the deadline comes first. */
export const DEADLINE_PASSED: unique symbol = Symbol('deadline passed');

/** setTimeout's largest delay; longer ones fire at once. */
const MAX_TIMER = 2 ** 31 - 1;

export class Deadline {
  private readonly startedAt = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private passed: Promise<typeof DEADLINE_PASSED> | undefined;

  /** @param budget milliseconds from now (the request's arrival) */
  constructor(private readonly budget: number) {}

  /** Milliseconds left (0 once the deadline has passed). */
  remaining(): number {
    return Math.max(0, this.budget - (Date.now() - this.startedAt));
  }

  /**
   * `promise`'s value, or {@link DEADLINE_PASSED} when the deadline comes first. One timer serves
   * every race of the request; it is made on the first race, so a request that never waits
   * never sets one.
   *
   * @example
   * ```ts
   * const deadline = new Deadline(options.timeout);
   * try {
   *   const entry = await deadline.race(cache.get(issuer));
   *   if (entry === DEADLINE_PASSED) throw idpUnavailable(1);
   * } finally {
   *   deadline.clear();
   * }
   * ```
   */
  race<T>(promise: Promise<T>): Promise<T | typeof DEADLINE_PASSED> {
    this.passed ??= new Promise((resolve) => {
      this.timer = setTimeout(
        () => resolve(DEADLINE_PASSED),
        Math.min(this.remaining(), MAX_TIMER),
      );
    });
    return Promise.race([promise, this.passed]);
  }

  /** Stops the timer (call when the request stops waiting). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
