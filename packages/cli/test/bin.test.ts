import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaks, startRealm, type RealmFixture } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const coreBuilt = existsSync(fileURLToPath(new URL('../../core/dist/index.js', import.meta.url)));

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

// Spawning needs the build (dist/bin.js and core's dist): `pnpm run build` first, as CI does.
// Skipped (and reported as skipped) only outside CI: in CI a missing build is a failure.
const built = existsSync(bin) && coreBuilt;
describe.skipIf(!built && !process.env.CI)('the built bin (smoke)', () => {
  let fx: RealmFixture;
  beforeAll(async () => {
    fx = await startRealm();
  });
  afterAll(() => fx.close());

  it('prints the version', async () => {
    const { code, stdout } = await node(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('doctor exits 0 for a good token and 1 for an expired one, never printing them', async () => {
    const good = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const ok = await node([
      'doctor',
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      '--token',
      good,
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('The token would be accepted. Exit code 0.');
    expect(leaks(ok.stdout + ok.stderr, good)).toEqual([]);
    const expired = await fx.realm.adversarial.expired(60, { client: 'orders-web-mapped' });
    const bad = await node([
      'doctor',
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      '--token',
      expired,
    ]);
    expect(bad.code).toBe(1);
  });

  it('a usage error exits 2', async () => {
    expect((await node(['doctor'])).code).toBe(2);
  });
});
