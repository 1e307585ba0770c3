/**
 * fast-check parameters for the property suites (issue 9, "Make it stay fixed").
 *
 * - CI (`pnpm test`): a fixed seed and each property's own, small number of runs, so that the
 *   suites are reproducible and stay within their time budget.
 * - `pnpm fuzz`: `REALMGUARD_FUZZ_SEED=random` and `REALMGUARD_FUZZ_SCALE=<n>` run every property
 *   n times longer with a fresh seed. The seed is printed when the file loads, and fast-check
 *   prints it again (with the path of the shrunk counterexample) when a property fails.
 * - Replay: `REALMGUARD_FUZZ_SEED=<seed> REALMGUARD_FUZZ_SCALE=<n> pnpm vitest run <file>`
 *   (same seed, same scale: same runs).
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(arb, check), fuzzParams(200));
 * it('…', async () => { … }, fuzzTimeout(200));
 * ```
 */
import { defaultReportMessage, type Parameters, type Plugin, type RunDetails } from 'fast-check';

/** The seed CI runs every property with. */
export const FIXED_SEED = 20_261_128;

const seedSetting = process.env.REALMGUARD_FUZZ_SEED;
const scaleSetting = Number(process.env.REALMGUARD_FUZZ_SCALE ?? '1');

/** True under `pnpm fuzz` (or any run that asks for more than the CI runs). */
export const fuzzing = seedSetting !== undefined || scaleSetting !== 1;

/** How many times the CI runs each property runs. */
export const FUZZ_SCALE = Number.isFinite(scaleSetting) && scaleSetting > 0 ? scaleSetting : 1;

function chooseSeed(): number {
  if (seedSetting === undefined || seedSetting === '') return FIXED_SEED;
  if (seedSetting === 'random') return Math.floor(Math.random() * 2 ** 31) ^ Date.now();
  const seed = Number(seedSetting);
  if (!Number.isInteger(seed)) throw new TypeError(`REALMGUARD_FUZZ_SEED: not an integer`);
  return seed;
}

/** The seed of this process (one per test file: vitest isolates files). */
export const FUZZ_SEED = chooseSeed();

if (fuzzing) {
  // Printed up front, so that a run that dies (timeout, crash) can still be replayed.
  console.log(
    `[fuzz] REALMGUARD_FUZZ_SEED=${FUZZ_SEED} REALMGUARD_FUZZ_SCALE=${FUZZ_SCALE} ` +
      `(replay: REALMGUARD_FUZZ_SEED=${FUZZ_SEED} REALMGUARD_FUZZ_SCALE=${FUZZ_SCALE} ` +
      'pnpm vitest run <this file>)',
  );
}

/**
 * fast-check parameters: `ciRuns` runs under the fixed seed, `ciRuns × scale` under `pnpm fuzz`.
 * Every property of a file gets a seed of its own derived from the file's seed and `salt`, so
 * that adding a property does not change what the others generate.
 */
export function fuzzParams<T>(ciRuns: number, salt = 0): Parameters<T> {
  return {
    seed: (FUZZ_SEED + salt * 7919) | 0,
    numRuns: Math.max(1, Math.round(ciRuns * FUZZ_SCALE)),
    plugins: [replayHint<T>()],
  };
}

/**
 * fast-check's failure report, plus the command that replays it. The `seed` fast-check prints is
 * the property's own (the file's seed plus a salt), so the command names the file's seed.
 */
function replayHint<T>(): Plugin<T> {
  return () => ({
    onAllRunsComplete(details: RunDetails<T>) {
      if (!details.failed) return;
      throw new Error(
        `${defaultReportMessage(details)}\nReplay: REALMGUARD_FUZZ_SEED=${FUZZ_SEED} ` +
          `REALMGUARD_FUZZ_SCALE=${FUZZ_SCALE} pnpm vitest run <this file>`,
        { cause: details.errorInstance },
      );
    },
  });
}

/** A vitest timeout for a test that runs a property `ciRuns` times (`perRunMs` each, at worst). */
export function fuzzTimeout(ciRuns: number, perRunMs = 100): number {
  return Math.max(30_000, Math.round(ciRuns * FUZZ_SCALE * perRunMs) + 60_000);
}
