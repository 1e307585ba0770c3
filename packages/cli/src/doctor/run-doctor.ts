import { CHECKS } from './checks/index.js';
import { introspect, type IntrospectionAnswer } from './introspect.js';
import type { CheckResult, DoctorContext, DoctorOptions } from './types.js';
import { verdictOf, type Verdict } from './verdict.js';

/** What `realmguard doctor` found: the checklist, the verifier's verdict and the exit code. */
export interface DoctorReport {
  readonly issuer: string;
  readonly audience: string | undefined;
  /** Whether a token was checked. */
  readonly tokenChecked: boolean;
  /** The verifier's decision; undefined without a token. */
  readonly verdict: Verdict | undefined;
  readonly checks: readonly CheckResult[];
  /** 0: the token is accepted (without a token: issuer, discovery and JWKS are fine); 1 otherwise. */
  readonly exitCode: 0 | 1;
}

/** The seams of a doctor run. */
export interface DoctorSeams {
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

/** The verdict repeats core's hint only when no earlier check already showed it. */
function dedupeVerdictFix(results: CheckResult[]): void {
  const index = results.findIndex((result) => result.id === 'verdict');
  const verdict = results[index];
  if (verdict?.fix === undefined) return;
  if (results.some((result, i) => i !== index && result.fix === verdict.fix)) {
    results[index] = { ...verdict, fix: 'See the failed checks above.' };
  }
}

/**
 * Runs every check in order. A check whose prerequisites failed (or were skipped) is skipped
 * and says which one; token checks are left out when no token is given.
 *
 * @example
 * ```ts
 * const report = await runDoctor(
 *   { issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api', token },
 *   { fetch, now: Date.now },
 * );
 * report.checks.filter((check) => check.status === 'fail'); // [{ id, title, detail, fix }]
 * ```
 */
export async function runDoctor(options: DoctorOptions, seams: DoctorSeams): Promise<DoctorReport> {
  const timeout = options.timeout ?? 5_000;
  const token = options.token;
  const ctx: DoctorContext = {
    options,
    fetch: seams.fetch,
    now: seams.now,
    timeout,
    verdict: once(() =>
      verdictOf(options, token ?? '', { fetch: seams.fetch, now: seams.now, timeout }),
    ),
    introspect: once((): Promise<IntrospectionAnswer> => introspect(ctx)),
  };
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (check.needsToken && token === undefined) continue;
    const blocker = check.needs
      .map((id) => results.find((result) => result.id === id))
      .find(
        (result) => result !== undefined && (result.status === 'fail' || result.status === 'skip'),
      );
    if (blocker) {
      results.push({
        id: check.id,
        title: check.title,
        status: 'skip',
        // A skip names the root cause: the first check that did not pass.
        detail:
          blocker.status === 'skip' ? blocker.detail : `skipped: "${blocker.title}" did not pass`,
      });
      continue;
    }
    let outcome;
    try {
      outcome = await check.run(ctx);
    } catch (error) {
      outcome = {
        status: 'fail' as const,
        detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'This is a bug in realmguard doctor: please report it (without the token).',
      };
    }
    results.push({ id: check.id, title: check.title, ...outcome });
  }
  dedupeVerdictFix(results);
  const verdict = token === undefined ? undefined : await ctx.verdict();
  const ok =
    verdict === undefined ? results.every((result) => result.status !== 'fail') : verdict.accepted;
  return {
    issuer: options.issuer,
    audience: options.audience,
    tokenChecked: token !== undefined,
    verdict,
    checks: results,
    exitCode: ok ? 0 : 1,
  };
}
