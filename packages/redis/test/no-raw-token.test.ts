import { handleBackchannelLogout } from '@realmguard/core';
import { startRedis, type TestRedis } from '@realmguard/testing/node';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from './fixture.js';
import { eventually, redisSuite, runRedisSuites } from './support.js';

// What ends up in Redis after revocations, a logout and shared introspection answers: no key or
// value holds a token, and every key expires no later than the token it is about.

describe.skipIf(!runRedisSuites)(redisSuite('what realmguard writes to Redis'), () => {
  let fleet: Fleet;
  let redis: TestRedis;
  beforeAll(async () => {
    [fleet, redis] = await Promise.all([startFleet(), startRedis()]);
    fleet.realm.client('orders-api').secret = 'orders-api-secret';
  });
  afterAll(async () => {
    await fleet?.close();
    await redis?.stop();
  });

  it('holds no raw token in any key or value, and no key outlives its token', async () => {
    const instance = fleet.instance(redis.url, {
      introspection: { clientId: 'orders-api', clientSecret: 'orders-api-secret', use: 'opaque' },
    });
    await eventually(() => instance.verifier.stats().revocation.current);
    const lifetime = 120;
    const opaque = await fleet.realm.opaqueToken({
      user: 'alice',
      client: 'orders-web-mapped',
      lifetime,
    });
    const sid = crypto.randomUUID();
    const jwt = await fleet.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      sid,
      lifetime,
    });
    await instance.verifier.verify(opaque);
    await instance.verifier.verify(jwt);
    const logoutToken = await fleet.realm.logoutToken({ user: 'alice', client: 'orders-web', sid });
    const answer = await handleBackchannelLogout(
      instance.verifier,
      { clientId: 'orders-web' },
      { logout_token: logoutToken },
    );
    expect(answer.status).toBe(200);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys('*');
      expect(keys.some((k) => k.startsWith('fleet:introspection:'))).toBe(true);
      expect(keys.some((k) => k.startsWith('fleet:logout-jti:'))).toBe(true);
      expect(keys).toContain('fleet:revocations');
      const dump: string[] = [];
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') dump.push(key, (await client.get(key)) ?? '');
        else if (type === 'zset') dump.push(key, ...(await client.zRange(key, 0, -1)));
        else dump.push(key, `(${type})`);
        const pttl = await client.pTTL(key);
        expect(pttl, key).toBeGreaterThan(0);
        // The revoked set lives maxTokenLifetime (1 h) after the logout; the rest no longer than the token.
        if (key !== 'fleet:revocations')
          expect(pttl, key).toBeLessThanOrEqual(lifetime * 1000 + 10_000);
      }
      const text = dump.join('\n');
      for (const token of [opaque, jwt, logoutToken]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(token.split('.').at(-1)!.slice(0, 20));
      }
    } finally {
      await client.close();
    }
  });
});
