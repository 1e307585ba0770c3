import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import {
  listen,
  startRedis,
  type ListeningKeycloak,
  type TestRedis,
} from '@realmguard/testing/node';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSuite, runRedisSuites } from './support.js';

// Three API instances, each a separate Node process with its own Redis connections, behind no
// load balancer: the test talks to each directly. One realm (over HTTP), one redis-server.

const script = fileURLToPath(new URL('./processes/instance.mjs', import.meta.url));
const register = fileURLToPath(
  new URL('../../../test-fixtures/processes/ts-register.mjs', import.meta.url),
);
const SECRET = 'orders-api-secret';

interface Instance {
  url: string;
  child: ChildProcess;
  get(
    token: string,
  ): Promise<{ status: number; ms: number; body: Record<string, unknown>; headers: Headers }>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = fork(script, {
    execArgv: ['--conditions=@realmguard/source', '--import', register],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    child,
    async get(token) {
      const started = performance.now();
      const response = await fetch(`${url}/orders`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as Record<string, unknown>;
      return {
        status: response.status,
        ms: performance.now() - started,
        body,
        headers: response.headers,
      };
    },
  };
}

async function until(check: () => Promise<boolean>, timeout: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > timeout) throw new Error(`not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.skipIf(!runRedisSuites)(
  redisSuite('three instances in separate processes share revocations through Redis'),
  () => {
    let redis: TestRedis;
    let idp: ListeningKeycloak;
    let realm: TestRealm;
    let a: Instance;
    let b: Instance;
    let c: Instance;

    beforeAll(async () => {
      redis = await startRedis();
      const kc = createTestKeycloak();
      idp = await listen(kc);
      realm = await kc.createRealm();
      realm.client('orders-api').secret = SECRET;
      const env = { ISSUER: realm.issuer, REDIS_URL: redis.url, CLIENT_SECRET: SECRET };
      [a, b, c] = await Promise.all([
        startInstance(env),
        startInstance(env),
        startInstance({ ...env, ON_STORE_UNAVAILABLE: 'fail-closed' }),
      ]);
      // Keycloak posts logout tokens to instance A only (its Backchannel logout URL).
      realm.client('orders-web').backchannelLogoutUrl = `${a.url}/backchannel-logout`;
      realm.client('orders-api').adminUrl = `${a.url}/keycloak`;
    }, 60_000);

    afterAll(async () => {
      for (const instance of [a, b, c]) instance?.child.disconnect();
      await Promise.all([a, b, c].map((i) => i && new Promise((r) => i.child.once('exit', r))));
      await idp?.close();
      await redis?.stop();
    });

    it('a logout heard by A is enforced by B and C within 1 s; other sessions stay valid', async () => {
      const sid = crypto.randomUUID();
      const token = await realm.accessToken({ user: 'alice', client: 'orders-web', sid });
      const other = await realm.accessToken({ user: 'alice', client: 'orders-web' });
      for (const instance of [a, b, c]) expect((await instance.get(token)).status).toBe(200);
      realm.sessions.logout(sid);
      const [delivery] = await realm.backchannel.settled();
      expect(delivery).toMatchObject({ status: 200 });
      // From A's 200 on: B and C must refuse the session's token within 1 s.
      const heard = performance.now();
      const refusedBy = async (instance: Instance) => {
        await until(async () => (await instance.get(token)).status === 401, 1_000);
        return performance.now() - heard;
      };
      const [onB, onC] = await Promise.all([refusedBy(b), refusedBy(c)]);
      console.log(
        `revocation propagation: after A answered the logout, B refused the token within ${Math.round(onB)} ms, C within ${Math.round(onC)} ms`,
      );
      expect(Math.max(onB, onC)).toBeLessThan(1_000);
      const refused = await b.get(token);
      expect(refused.body.error_description).toMatch(/session .* has ended/);
      expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
      for (const instance of [a, b, c]) expect((await instance.get(other)).status).toBe(200);
    });

    it('a not-before push heard by A refuses older tokens everywhere', async () => {
      const token = await realm.accessToken({ user: 'bob', client: 'orders-web' });
      expect((await c.get(token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const [delivery] = await realm.pushNotBefore();
      expect(delivery).toMatchObject({ status: 204 });
      await until(
        async () => (await b.get(token)).status === 401 && (await c.get(token)).status === 401,
        1_000,
      );
      const fresh = await realm.accessToken({ user: 'bob', client: 'orders-web' });
      expect((await b.get(fresh)).status).toBe(200);
      await realm.pushNotBefore({ notBefore: 0 });
    });

    it('3 instances × 100 requests with one new opaque token make exactly 1 introspection call', async () => {
      const opaque = await realm.opaqueToken({ user: 'alice', client: 'orders-web-mapped' });
      realm.counters.reset();
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) => [a, b, c][i % 3]!.get(opaque)),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(realm.counters.get('introspect')).toBe(1);
    });

    it('Redis killed: fail-open keeps serving without waiting, fail-closed answers 503; a logout posted to A during the outage reaches B after the restart', async () => {
      const sid = crypto.randomUUID();
      const token = await realm.accessToken({ user: 'alice', client: 'orders-web', sid });
      expect((await b.get(token)).status).toBe(200);
      await redis.kill();
      await until(async () => (await c.get(token)).status === 503, 5_000);
      const closed = await c.get(token);
      expect(closed.headers.get('retry-after')).toBe('1');
      const open = await b.get(token);
      expect(open.status).toBe(200);
      expect(open.ms).toBeLessThan(500);
      realm.sessions.logout(sid);
      const [delivery] = (await realm.backchannel.settled()).slice(-1);
      expect(delivery).toMatchObject({ status: 200 });
      expect((await a.get(token)).status).toBe(401);
      expect((await b.get(token)).status).toBe(200); // B cannot have heard of it yet
      await redis.restart();
      const reached = await until(async () => (await b.get(token)).status === 401, 10_000);
      console.log(
        `after the Redis restart, B refused the session logged out during the outage within ${Math.round(reached)} ms`,
      );
      await until(async () => (await c.get(token)).status === 401, 10_000);
    });
  },
);
