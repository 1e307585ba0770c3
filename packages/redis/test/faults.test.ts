import { startRedis, type TestRedis } from '@realmguard/testing/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logout, outcome, startFleet, type Fleet } from './fixture.js';
import { eventually, redisSuite, runRedisSuites } from './support.js';

// Redis faults lose nothing: down at start, dying mid-flight, slow, restarted, flushed. Each
// instance is a verifier with Redis connections of its own; no request may hang or get a 500.

describe.skipIf(!runRedisSuites)(redisSuite('revocation through Redis when Redis fails'), () => {
  let fleet: Fleet;
  let redis: TestRedis;
  beforeAll(async () => {
    fleet = await startFleet();
  });
  afterAll(() => fleet?.close());
  beforeEach(async () => {
    redis = await startRedis();
  });
  afterEach(() => redis?.stop());

  const token = (sid: string) =>
    fleet.realm.accessToken({ user: 'alice', client: 'orders-web', sid, lifetime: 300 });
  const current = (instance: { verifier: { stats(): { revocation: { current: boolean } } } }) =>
    instance.verifier.stats().revocation.current;

  it('Redis down at start: fail-open serves at once and reports store_unavailable; fail-closed answers 503; both recover', async () => {
    await redis.stop();
    const open = fleet.instance(redis.url, { revocation: { resyncInterval: 200 } });
    const closed = fleet.instance(redis.url, { onStoreUnavailable: 'fail-closed' });
    const access = await token(crypto.randomUUID());
    const served = await outcome(open.verifier, access);
    expect(served).toMatchObject({ result: 'ok' });
    expect(served.ms).toBeLessThan(1_000);
    await eventually(() => open.events.some((e) => e.type === 'store_unavailable'));
    expect(await outcome(closed.verifier, access)).toMatchObject({
      status: 503,
      result: 'revocation_unavailable',
    });
    await redis.restart();
    await eventually(() => current(open) && current(closed), 10_000);
    expect(await outcome(closed.verifier, access)).toMatchObject({ result: 'ok' });
    expect(open.events.map((e) => e.type)).toContain('store_restored');
  });

  it('Redis dying mid-flight: nothing hangs, the logout applies where it was heard, and reaches the other instance after the restart', async () => {
    const a = fleet.instance(redis.url);
    const b = fleet.instance(redis.url);
    await eventually(() => current(a) && current(b));
    const sid = crypto.randomUUID();
    const access = await token(sid);
    expect(await outcome(b.verifier, access)).toMatchObject({ result: 'ok' });
    await redis.kill();
    await eventually(() => !current(b));
    expect(await logout(fleet.realm, a, sid)).toBeLessThan(500);
    expect(await outcome(a.verifier, access)).toMatchObject({
      status: 401,
      result: 'session_ended',
    });
    // B cannot have heard of it; fail-open keeps serving, without waiting for Redis.
    const meanwhile = await outcome(b.verifier, access);
    expect(meanwhile).toMatchObject({ result: 'ok' });
    expect(meanwhile.ms).toBeLessThan(100);
    expect(a.verifier.stats().revocation.unsent).toBe(1);
    await redis.restart();
    const reached = await eventually(
      async () => (await outcome(b.verifier, access)).status === 401,
      10_000,
    );
    expect(reached).toBeLessThan(10_000);
    expect(a.verifier.stats().revocation.unsent).toBe(0);
  });

  it('Redis slow (DEBUG SLEEP 0.5 s, then CLIENT PAUSE): requests never wait for it, and the logout arrives afterwards', async () => {
    const a = fleet.instance(redis.url, { revocation: { resyncInterval: 300 } });
    const b = fleet.instance(redis.url, { revocation: { resyncInterval: 300 } });
    await eventually(() => current(a) && current(b));
    const sid = crypto.randomUUID();
    const access = await token(sid);
    await outcome(b.verifier, access);
    const sleeping = redis.command('DEBUG', 'SLEEP', '0.5');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const during = await Promise.all(Array.from({ length: 20 }, () => outcome(b.verifier, access)));
    expect(during.every((r) => r.result === 'ok' && r.ms < 50)).toBe(true);
    expect(await logout(fleet.realm, a, sid)).toBeLessThan(400);
    expect(await outcome(a.verifier, access)).toMatchObject({ result: 'session_ended' });
    await sleeping;
    await eventually(async () => (await outcome(b.verifier, access)).status === 401, 5_000);

    const other = crypto.randomUUID();
    const second = await token(other);
    expect(await redis.command('CLIENT', 'PAUSE', '400', 'ALL')).toBe('+OK\r\n');
    expect(await logout(fleet.realm, a, other)).toBeLessThan(400);
    expect((await outcome(b.verifier, second)).ms).toBeLessThan(50);
    await eventually(async () => (await outcome(b.verifier, second)).status === 401, 5_000);
  });

  it('Redis restarted empty: the instances write their revocations back, and a new instance loads them', async () => {
    const a = fleet.instance(redis.url);
    const b = fleet.instance(redis.url);
    await eventually(() => current(a) && current(b));
    const sid = crypto.randomUUID();
    const access = await token(sid);
    await logout(fleet.realm, a, sid);
    await eventually(async () => (await outcome(b.verifier, access)).status === 401);
    await redis.restart();
    await eventually(() => current(a) && current(b), 10_000);
    const c = fleet.instance(redis.url);
    await eventually(async () => (await outcome(c.verifier, access)).status === 401, 5_000);
  });

  it('Redis flushed: revocations keep applying, the set is repaired, and later logouts still propagate', async () => {
    const a = fleet.instance(redis.url, { revocation: { resyncInterval: 200 } });
    const b = fleet.instance(redis.url, { revocation: { resyncInterval: 200 } });
    await eventually(() => current(a) && current(b));
    const sid = crypto.randomUUID();
    const access = await token(sid);
    await logout(fleet.realm, a, sid);
    await eventually(async () => (await outcome(b.verifier, access)).status === 401);
    expect(await redis.command('FLUSHALL')).toBe('+OK\r\n');
    expect(await outcome(a.verifier, access)).toMatchObject({ result: 'session_ended' });
    expect(await outcome(b.verifier, access)).toMatchObject({ result: 'session_ended' });
    await eventually(async () => (await redis.command('EXISTS', 'fleet:revocations')) === ':1\r\n');
    const c = fleet.instance(redis.url);
    await eventually(async () => (await outcome(c.verifier, access)).status === 401, 5_000);
    const later = crypto.randomUUID();
    const second = await token(later);
    await logout(fleet.realm, b, later);
    await eventually(async () => (await outcome(a.verifier, second)).status === 401);
  });
});
