import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../src/concurrency.js';

const never = () => new Promise<never>(() => undefined);

describe('ConcurrencyLimit', () => {
  it('runs a task at once while a slot is free, with the budget left', async () => {
    const limit = new ConcurrencyLimit(2, 10);
    const outcome = await limit.run((remaining) => Promise.resolve(remaining), 5_000);
    expect('value' in outcome && outcome.value).toBeGreaterThan(4_900);
    expect(limit.inFlight).toBe(0);
  });

  it('queues beyond the cap and hands the slot to the next waiter', async () => {
    const limit = new ConcurrencyLimit(1, 10);
    let release!: () => void;
    const first = limit.run(() => new Promise<string>((r) => (release = () => r('first'))), 5_000);
    const second = limit.run(() => Promise.resolve('second'), 5_000);
    expect(limit.inFlight).toBe(1);
    expect(limit.queued).toBe(1);
    release();
    expect(await first).toEqual({ value: 'first' });
    expect(await second).toEqual({ value: 'second' });
    expect(limit.inFlight).toBe(0);
    expect(limit.queued).toBe(0);
  });

  it('refuses without running the task when the queue is full', async () => {
    const limit = new ConcurrencyLimit(1, 1);
    void limit.run(never, 5_000);
    void limit.run(never, 5_000);
    let ran = false;
    const outcome = await limit.run(() => ((ran = true), Promise.resolve(1)), 5_000);
    expect(outcome).toEqual({ refused: 'queue_full' });
    expect(ran).toBe(false);
  });

  it('refuses a waiter whose budget runs out before a slot comes free', async () => {
    const limit = new ConcurrencyLimit(1, 10);
    void limit.run(never, 5_000);
    const outcome = await limit.run(() => Promise.resolve(1), 20);
    expect(outcome).toEqual({ refused: 'deadline' });
    expect(limit.queued).toBe(0);
  });

  it('frees the slot when the task throws', async () => {
    const limit = new ConcurrencyLimit(1, 10);
    await expect(limit.run(() => Promise.reject(new Error('boom')), 5_000)).rejects.toThrow('boom');
    expect(limit.inFlight).toBe(0);
  });
});
