import type { DoctorReport } from '../doctor/run-doctor.js';
import type { CheckResult, CheckStatus } from '../doctor/types.js';

/** The `--json` document of `realmguard doctor` (schema in the README). */
export interface DoctorJson {
  readonly command: 'doctor';
  readonly issuer: string;
  readonly audience: string | null;
  readonly tokenChecked: boolean;
  /** true/false: the verifier's decision; null without a token. */
  readonly accepted: boolean | null;
  readonly verdict:
    | { accepted: true; subject: string | null; username: string | null; source: string }
    | {
        accepted: false;
        code: string;
        status: number | null;
        description: string;
        hint: string | null;
      }
    | null;
  readonly exitCode: 0 | 1;
  readonly summary: Record<CheckStatus, number>;
  readonly checks: readonly CheckResult[];
}

/**
 * The report as a plain JSON value: the token and the client secret are never in it.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(doctorJson(await runDoctor(options, seams)), null, 2));
 * ```
 */
export function doctorJson(report: DoctorReport): DoctorJson {
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const check of report.checks) summary[check.status]++;
  const { verdict } = report;
  return {
    command: 'doctor',
    issuer: report.issuer,
    audience: report.audience ?? null,
    tokenChecked: report.tokenChecked,
    accepted: verdict === undefined ? null : verdict.accepted,
    verdict:
      verdict === undefined
        ? null
        : verdict.accepted
          ? {
              accepted: true,
              subject: verdict.subject ?? null,
              username: verdict.username ?? null,
              source: verdict.source,
            }
          : {
              accepted: false,
              code: verdict.code,
              status: verdict.status ?? null,
              description: verdict.description,
              hint: verdict.hint ?? null,
            },
    exitCode: report.exitCode,
    summary,
    checks: report.checks,
  };
}

/** Pretty JSON with a final newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
