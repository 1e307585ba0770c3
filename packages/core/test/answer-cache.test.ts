import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../src/answer-cache.js';

type Answer = { kind: 'info'; bytes: number } | { kind: 'inactive' };

function cacheOf(options: { maxEntries?: number; maxBytes?: number } = {}) {
  const state = { clock: 1_000_000 };
  const cache = new AnswerCache<Answer>({
    limits: { maxEntries: options.maxEntries ?? 100, maxBytes: options.maxBytes ?? 1_000_000 },
    now: () => state.clock,
    overhead: 100,
    bytesOf: (answer) => (answer.kind === 'info' ? answer.bytes : 0),
    maxCalls: 10,
  });
  return { cache, state };
}

describe('AnswerCache', () => {
  it('answers from the cache for the ttl its caller gives, then calls again', async () => {
    const { cache, state } = cacheOf();
    let loads = 0;
    const load = () => (loads++, Promise.resolve<Answer>({ kind: 'inactive' }));
    await cache.get('token', load, () => 5_000);
    await cache.get('token', load, () => 5_000);
    expect(loads).toBe(1);
    state.clock += 5_001;
    await cache.get('token', load, () => 5_000);
    expect(loads).toBe(2);
  });

  it('shares one call among concurrent requests for one key, and calls once per key', async () => {
    const { cache } = cacheOf();
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async (): Promise<Answer> => {
      loads++;
      await gate;
      return { kind: 'inactive' };
    };
    const pending = [cache.get('a', load, () => 1_000), cache.get('a', load, () => 1_000)];
    const other = cache.get('b', load, () => 1_000);
    release();
    await Promise.all([...pending, other]);
    expect(loads).toBe(2);
  });

  it('keeps no answer whose ttl is under a millisecond (lru-cache reads 0 as forever)', async () => {
    const { cache } = cacheOf();
    let loads = 0;
    const load = () => (loads++, Promise.resolve<Answer>({ kind: 'inactive' }));
    await cache.get('expired', load, () => 0);
    await cache.get('expired', load, () => -5);
    expect(loads).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('sizes an entry as its key, the overhead and the answer, and stays within maxBytes', async () => {
    const { cache } = cacheOf({ maxBytes: 1_000 });
    const info = (): Promise<Answer> => Promise.resolve({ kind: 'info', bytes: 300 });
    await cache.get('k1', info, () => 60_000);
    expect(cache.bytes).toBe(2 + 100 + 300);
    await cache.get('k2', info, () => 60_000);
    await cache.get('k3', info, () => 60_000);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2 * 402);
  });

  it('stays within maxEntries', async () => {
    const { cache } = cacheOf({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) {
      await cache.get(
        `k${i}`,
        () => Promise.resolve<Answer>({ kind: 'inactive' }),
        () => 60_000,
      );
    }
    expect(cache.size).toBe(3);
  });
});
