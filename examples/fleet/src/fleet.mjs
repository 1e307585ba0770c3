// The fleet: a Keycloak-shaped realm over HTTP, a throwaway redis-server, and two API instances
// in their own processes. `walkthrough()` shows a logout heard by one instance being enforced
// by the other.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestKeycloak } from '@realmguard/testing';
import { listen, startRedis } from '@realmguard/testing/node';

const instanceScript = fileURLToPath(new URL('./instance.mjs', import.meta.url));

function startInstance(name, env, execArgv) {
  const child = fork(instanceScript, {
    execArgv,
    env: { ...process.env, ...env, NAME: name },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', ({ port }) => resolve({ name, url: `http://127.0.0.1:${port}`, child }));
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code}`)));
  });
}

/**
 * Starts Redis, the realm and instances A and B. `execArgv` goes to the instance processes (the
 * tests run them on the TypeScript sources).
 * @param {{ execArgv?: string[] }} [options]
 */
export async function startFleet({ execArgv = [] } = {}) {
  const redis = await startRedis();
  const kc = createTestKeycloak();
  const idp = await listen(kc);
  const realm = await kc.createRealm();
  const env = { ISSUER: realm.issuer, REDIS_URL: redis.url };
  const [a, b] = await Promise.all([
    startInstance('A', env, execArgv),
    startInstance('B', env, execArgv),
  ]);
  // Keycloak knows one back-channel URL per client: here, instance A's.
  realm.client('orders-web').backchannelLogoutUrl = `${a.url}/backchannel-logout`;
  realm.client('orders-api').adminUrl = `${a.url}/keycloak`;
  return {
    redis,
    realm,
    a,
    b,
    async close() {
      await Promise.all(
        [a, b].map((instance) => {
          const exited = new Promise((resolve) => instance.child.once('exit', resolve));
          instance.child.disconnect();
          return exited;
        }),
      );
      await idp.close();
      await redis.stop();
    },
  };
}

async function call(instance, token) {
  const response = await fetch(`${instance.url}/orders`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await response.json();
  return {
    status: response.status,
    text: body.error_description ?? `ok (instance ${body.instance}, ${body.user})`,
  };
}

/**
 * The demo: returns the steps with what each instance answered.
 * @param {Awaited<ReturnType<typeof startFleet>>} fleet
 * @param {(line: string) => void} [log]
 * @returns {Promise<{ steps: { step: string; status: number; answer: string }[]; propagationMs: number }>}
 */
export async function walkthrough(fleet, log = console.log) {
  const { realm, a, b } = fleet;
  /** @type {{ step: string; status: number; answer: string }[]} */
  const steps = [];
  const step = (text, outcome) => {
    steps.push({ step: text, status: outcome.status, answer: outcome.text });
    log(`${text}\n    → ${outcome.status} ${outcome.text}`);
  };
  const sid = crypto.randomUUID();
  const token = await realm.accessToken({ user: 'alice', client: 'orders-web', sid });
  step("alice's token on instance A", await call(a, token));
  step("alice's token on instance B", await call(b, token));

  realm.sessions.logout(sid);
  const [delivery] = await realm.backchannel.settled();
  step('alice logs out: Keycloak posts the logout token to instance A only', {
    status: delivery.status,
    text: `back-channel logout answered by A (${delivery.url})`,
  });
  const started = performance.now();
  let onB;
  do onB = await call(b, token);
  while (onB.status === 200 && performance.now() - started < 2_000);
  const elapsed = Math.round(performance.now() - started);
  step(`alice's token on instance B, ${elapsed} ms later`, onB);
  step("alice's token on instance A", await call(a, token));
  const other = await realm.accessToken({ user: 'bob', client: 'orders-web' });
  step("bob's token (another session) on instance B", await call(b, other));
  return { steps, propagationMs: elapsed };
}
