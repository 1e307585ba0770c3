import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/index.js';
import { manualClock } from './helpers.js';

// The in-process SharedStore: the same contract as @realmguard/redis, in one process.

describe('createMemoryStore', () => {
  it('get/set honour the TTL on the store clock', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ now: clock.now });
    await store.set('k', 'v', 1_000);
    expect(await store.get('k')).toBe('v');
    clock.advance(1_001);
    expect(await store.get('k')).toBeUndefined();
  });

  it('setIfAbsent: the first call wins until the entry expires', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ now: clock.now });
    expect(await store.setIfAbsent('jti', '1', 500)).toBe(true);
    expect(await store.setIfAbsent('jti', '1', 500)).toBe(false);
    clock.advance(501);
    expect(await store.setIfAbsent('jti', '1', 500)).toBe(true);
  });

  it('set members expire one by one; re-adding renews a member', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ now: clock.now });
    await store.addToSet('s', 'a', 100);
    await store.addToSet('s', 'b', 1_000);
    clock.advance(50);
    await store.addToSet('s', 'a', 100);
    clock.advance(60);
    expect((await store.members('s')).sort()).toEqual(['a', 'b']);
    clock.advance(100);
    expect(await store.members('s')).toEqual(['b']);
    expect(await store.members('other')).toEqual([]);
  });

  it('publish reaches every subscriber after the publisher ran, ready comes first, unsubscribe stops it', async () => {
    const store = createMemoryStore();
    const heard: string[] = [];
    const sub = store.subscribe('c', {
      message: (m) => heard.push(`1:${m}`),
      ready: () => heard.push('1:ready'),
      down: () => heard.push('1:down'),
    });
    store.subscribe('c', {
      message: (m) => heard.push(`2:${m}`),
      ready: () => undefined,
      down: () => undefined,
    });
    const published = store.publish('c', 'x');
    expect(heard).toEqual([]);
    await published;
    expect(heard).toEqual(['1:ready', '1:x', '2:x']);
    await sub.unsubscribe();
    await store.publish('c', 'y');
    await Promise.resolve();
    expect(heard).toEqual(['1:ready', '1:x', '2:x', '2:y']);
  });

  it('is in-process and bounded in entries', async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    expect(store.inProcess).toBe(true);
    await store.set('a', '1', 10_000);
    await store.set('b', '1', 10_000);
    await store.set('c', '1', 10_000);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBe('1');
  });
});
