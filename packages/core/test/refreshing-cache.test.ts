import { describe, expect, it } from 'vitest';
import { AuthError } from '../src/index.js';
import { backoffAfter, PROBE_INTERVAL, RefreshingCache } from '../src/refreshing-cache.js';

interface Keys {
  version: number;
}

/** A cache of one resource whose loads the test counts and fails at will. */
function fixture(options: { ttl?: number; staleWindow?: number } = {}) {
  const clock = { now: Date.UTC(2026, 10, 28) };
  const state = { loads: 0, failing: false, errors: [] as [string, boolean][] };
  const cache = new RefreshingCache<Keys>({
    load: async () => {
      state.loads++;
      await Promise.resolve();
      if (state.failing) throw new Error('HTTP 503');
      return { version: state.loads };
    },
    ttl: options.ttl ?? 60_000,
    staleWindow: options.staleWindow ?? 600_000,
    now: () => clock.now,
    onError: (_key, error, servingStale) =>
      state.errors.push([(error as Error).message, servingStale]),
    random: () => 0,
  });
  return { clock, state, cache };
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AuthError)) throw new Error('expected an AuthError');
  return error;
}

describe('RefreshingCache', () => {
  it('loads once for concurrent cold requests, then serves the fresh value without loading', async () => {
    const { state, cache } = fixture();
    const [a, b] = await Promise.all([cache.get('acme'), cache.get('acme')]);
    expect(a.value).toEqual({ version: 1 });
    expect(b).toBe(a);
    expect((await cache.get('acme')).value.version).toBe(1);
    expect(cache.fresh('acme')).toBe(a);
    expect(state.loads).toBe(1);
  });

  it('answers with the stale value at once while one background refresh runs', async () => {
    const { clock, state, cache } = fixture();
    await cache.get('acme');
    clock.now += 61_000;
    expect(cache.isFresh('acme')).toBe(false);
    const stale = await cache.get('acme');
    expect(stale.value.version).toBe(1);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state.loads).toBe(2);
    expect((await cache.get('acme')).value.version).toBe(2);
  });

  it('keeps serving the previous value when a refresh fails, and backs off', async () => {
    const { clock, state, cache } = fixture();
    await cache.get('acme');
    clock.now += 61_000;
    state.failing = true;
    await cache.get('acme');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state.errors).toEqual([['HTTP 503', true]]);
    expect(cache.isBackingOff('acme')).toBe(true);
    expect(cache.peek('acme')?.lastError).toBe('HTTP 503');
    // A forced refetch (an unknown kid) within the backoff answers from the cache, unsent.
    const loads = state.loads;
    expect((await cache.get('acme', true)).value.version).toBe(1);
    expect(state.loads).toBe(loads);
  });

  it('answers 503 when nothing cached can decide, probing at most once a second', async () => {
    const { clock, state, cache } = fixture();
    state.failing = true;
    const error = await rejection(cache.get('acme'));
    expect(error).toMatchObject({ status: 503, code: 'idp_unavailable' });
    expect(state.errors).toEqual([['HTTP 503', false]]);
    await rejection(cache.get('acme'));
    expect(state.loads).toBe(1);
    expect(cache.isBackingOff('acme')).toBe(true);
    expect(cache.retryAfter('acme')).toBe(1);
    clock.now += PROBE_INTERVAL;
    state.failing = false;
    expect((await cache.get('acme')).value.version).toBe(2);
    expect(cache.isBackingOff('acme')).toBe(false);
  });

  it('stops answering with a value older than ttl + staleWindow', async () => {
    const { clock, state, cache } = fixture({ ttl: 1_000, staleWindow: 5_000 });
    await cache.get('acme');
    state.failing = true;
    clock.now += 6_001;
    expect((await rejection(cache.get('acme'))).status).toBe(503);
    expect(cache.peek('acme')?.value.version).toBe(1);
  });
});

describe('backoffAfter', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffAfter)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
