import { describe, expect, it } from 'vitest';
import { RecentCalls } from '../src/recent-calls.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RecentCalls', () => {
  it('shares one call among concurrent requests for one key', async () => {
    const clock = 0;
    const calls = new RecentCalls<string>(() => clock, 100);
    const answer = deferred<string>();
    let loads = 0;
    const load = () => (loads++, answer.promise);
    const first = calls.run('token', load);
    const second = calls.run('token', load);
    expect(calls.size).toBe(1);
    answer.resolve('active');
    expect(await Promise.all([first, second])).toEqual(['active', 'active']);
    expect(loads).toBe(1);
  });

  it('starts a new call for another key', async () => {
    const calls = new RecentCalls<string>(() => 0, 100);
    const a = calls.run('a', () => Promise.resolve('A'));
    const b = calls.run('b', () => Promise.resolve('B'));
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
  });

  it('does not join a call older than the join window: a hung call holds no later request', async () => {
    let clock = 0;
    const calls = new RecentCalls<string>(() => clock, 100, 1_000);
    const hung = deferred<string>();
    void calls.run('token', () => hung.promise);
    clock = 1_000;
    let loads = 0;
    const fresh = calls.run('token', () => (loads++, Promise.resolve('answered')));
    expect(await fresh).toBe('answered');
    expect(loads).toBe(1);
  });

  it('forgets a call once it settles, rejected ones too', async () => {
    const calls = new RecentCalls<string>(() => 0, 100);
    await calls.run('ok', () => Promise.resolve('x'));
    await calls.run('ko', () => Promise.reject(new Error('down'))).catch(() => undefined);
    await Promise.resolve();
    expect(calls.size).toBe(0);
  });
});
