import { describe, expect, it } from 'vitest';
import { Deadline, DEADLINE_PASSED } from '../src/deadline.js';

const after = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('Deadline', () => {
  it("gives a promise's value when it comes first", async () => {
    const deadline = new Deadline(1_000);
    expect(await deadline.race(after(5, 'keys'))).toBe('keys');
    deadline.clear();
  });

  it('gives DEADLINE_PASSED when the budget runs out first', async () => {
    const deadline = new Deadline(20);
    expect(await deadline.race(new Promise(() => undefined))).toBe(DEADLINE_PASSED);
    expect(deadline.remaining()).toBe(0);
  });

  it('counts one budget across every wait of the request', async () => {
    const deadline = new Deadline(60);
    expect(await deadline.race(after(30, 'first'))).toBe('first');
    expect(deadline.remaining()).toBeLessThanOrEqual(35);
    expect(await deadline.race(after(200, 'second'))).toBe(DEADLINE_PASSED);
  });

  it('sets no timer for a request that never waits', () => {
    const deadline = new Deadline(1_000);
    expect(deadline.remaining()).toBeGreaterThan(990);
    expect(() => deadline.clear()).not.toThrow();
  });
});
