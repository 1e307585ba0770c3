import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { redisServerPath, REDIS_INSTALL_HINT } from '@realmguard/testing/node';
import { startFleet, walkthrough } from '../src/fleet.mjs';

// The fleet example, as `pnpm demo:fleet` runs it, with the instances on the TypeScript sources.
const register = fileURLToPath(
  new URL('../../../test-fixtures/processes/ts-register.mjs', import.meta.url),
);
const run = redisServerPath() !== undefined || process.env.REALMGUARD_REQUIRE_REDIS === '1';
const name = run
  ? 'the fleet demo'
  : `the fleet demo (skipped: redis-server is not installed; install it with: ${REDIS_INSTALL_HINT})`;

describe.skipIf(!run)(name, () => {
  it('shows a logout heard by instance A enforced by instance B, and nothing else refused', async () => {
    const fleet = await startFleet({
      execArgv: ['--conditions=@realmguard/source', '--import', register],
    });
    try {
      const { steps, propagationMs } = await walkthrough(fleet, () => undefined);
      expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 401, 401, 200]);
      expect(propagationMs).toBeLessThan(1_000);
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
