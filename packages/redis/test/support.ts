import { REDIS_INSTALL_HINT, redisServerPath } from '@realmguard/testing/node';

/**
 * Whether the Redis suites run. They need a real `redis-server`; without one they are reported
 * as skipped, with the install command in their name, unless REALMGUARD_REQUIRE_REDIS=1 (set by
 * .ci/run), which makes them run and fail instead.
 */
export const redisInstalled = redisServerPath() !== undefined;
export const runRedisSuites = redisInstalled || process.env.REALMGUARD_REQUIRE_REDIS === '1';

/** The suite name, with the skip reason when the suite is skipped. */
export function redisSuite(name: string): string {
  return runRedisSuites
    ? name
    : `${name} (skipped: redis-server is not installed; install it with: ${REDIS_INSTALL_HINT})`;
}

/** Resolves once `check` is true, polling every 10 ms; rejects after `timeout` ms. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeout = 5_000,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeout) throw new Error(`condition not met within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
