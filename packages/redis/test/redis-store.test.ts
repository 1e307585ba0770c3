import { startRedis, type TestRedis } from '@realmguard/testing/node';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';
import { eventually, redisSuite, runRedisSuites } from './support.js';

// The SharedStore contract on a real redis-server (started here on a free port, no persistence).

describe.skipIf(!runRedisSuites)(redisSuite('createRedisStore on a real Redis'), () => {
  let redis: TestRedis;
  const stores: RedisStore[] = [];
  const store = (keyPrefix = 'test:'): RedisStore => {
    const created = createRedisStore({ url: redis.url }, { keyPrefix });
    stores.push(created);
    return created;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  it('get/set with a TTL: the value is gone after it', async () => {
    const s = store();
    await eventually(() => s.connected);
    await s.set('k1', 'v1', 40);
    expect(await s.get('k1')).toBe('v1');
    expect(await redis.command('PTTL', 'test:k1')).toMatch(/^:[1-4]\d?\r\n$/);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await s.get('k1')).toBeUndefined();
  });

  it('setIfAbsent is atomic across connections: exactly one of many concurrent calls wins', async () => {
    const a = store();
    const b = store();
    await eventually(() => a.connected && b.connected);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent('jti:x', '1', 5_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.setIfAbsent('jti:x', '1', 5_000)).toBe(false);
  });

  it('addToSet: members expire one by one, and the set lives as long as its longest member', async () => {
    const s = store();
    await eventually(() => s.connected);
    await s.addToSet('set', 'short', 40);
    await s.addToSet('set', 'long', 5_000);
    await s.addToSet('set', 'short-again', 30);
    expect((await s.members('set')).sort()).toEqual(['long', 'short', 'short-again']);
    const pttl = Number((await redis.command('PTTL', 'test:set')).slice(1));
    expect(pttl).toBeGreaterThan(4_000);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await s.members('set')).toEqual(['long']);
  });

  it('publish reaches every subscriber of the prefix (the publisher too), and no other prefix', async () => {
    const a = store('app:');
    const b = store('app:');
    const other = store('other-app:');
    const heard: string[] = [];
    let ready = 0;
    const listen = (s: RedisStore, name: string) =>
      s.subscribe('events', {
        message: (m) => heard.push(`${name}:${m}`),
        ready: () => void ready++,
        down: () => undefined,
      });
    listen(a, 'a');
    listen(b, 'b');
    listen(other, 'other');
    await eventually(() => ready === 3);
    await a.publish('events', 'hello');
    await eventually(() => heard.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard.sort()).toEqual(['a:hello', 'b:hello']);
  });

  it('reports the subscription down when Redis dies, and ready again once it is back', async () => {
    const s = store();
    const states: string[] = [];
    s.subscribe('state', {
      message: () => undefined,
      ready: () => states.push('ready'),
      down: () => states.push('down'),
    });
    await eventually(() => states.includes('ready'));
    await redis.kill();
    await eventually(() => states.at(-1) === 'down');
    await expect(s.get('anything')).rejects.toThrow();
    await redis.restart();
    await eventually(() => states.at(-1) === 'ready', 10_000);
    expect(states).toEqual(['ready', 'down', 'ready']);
    await eventually(() => s.connected, 10_000);
    // Resubscribed by itself: a message published now arrives.
    const heard: string[] = [];
    s.subscribe('state-2', {
      message: (m) => heard.push(m),
      ready: () => undefined,
      down: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await s.publish('state-2', 'after restart');
    await eventually(() => heard.length === 1);
  });

  it('works through a client of yours, and close() leaves that client open', async () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    await client.connect();
    const s = createRedisStore({ client }, { keyPrefix: 'own:' });
    let ready = false;
    const heard: string[] = [];
    s.subscribe('c', {
      message: (m) => heard.push(m),
      ready: () => (ready = true),
      down: () => undefined,
    });
    await eventually(() => ready);
    await s.set('k', 'v', 5_000);
    expect(await client.get('own:k')).toBe('v');
    await s.publish('c', 'hi');
    await eventually(() => heard.length === 1);
    await s.close();
    expect(client.isReady).toBe(true);
    await client.close();
  });

  it('a command that outlasts the timeout rejects instead of waiting (DEBUG SLEEP)', async () => {
    const s = store();
    await eventually(() => s.connected, 10_000);
    const sleeping = redis.command('DEBUG', 'SLEEP', '0.3');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await expect(s.get('k')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(250);
    await sleeping;
  });
});
