import type { DoctorReport } from '../doctor/run-doctor.js';
import { MARKS, type Style } from './style.js';

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/**
 * The doctor's checklist for people: one line per check (✔ ✖ ! -), the fix indented under each
 * failure or warning, then the verdict and the exit code. The token is never shown.
 */
export function renderDoctorText(
  report: DoctorReport,
  style: Style,
  tokenSize: number | undefined,
): string {
  const lines: string[] = [style.bold('realmguard doctor')];
  lines.push(`  issuer:   ${report.issuer}`);
  lines.push(`  audience: ${report.audience ?? '(none given: the audience is not checked)'}`);
  lines.push(
    `  token:    ${tokenSize === undefined ? '(none given)' : `${tokenSize} characters (not shown)`}`,
  );
  lines.push('');
  for (const check of report.checks) {
    const mark = style.status(check.status, MARKS[check.status]);
    const detail = check.status === 'skip' ? style.dim(check.detail) : check.detail;
    lines.push(`${mark} ${check.title}: ${detail}`);
    if (check.fix !== undefined && (check.status === 'fail' || check.status === 'warn')) {
      lines.push(indent(`Fix: ${check.fix}`, '    '));
    }
  }
  lines.push('');
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  let summary: string;
  if (report.verdict === undefined) {
    summary =
      report.exitCode === 0
        ? 'The issuer, its discovery document and its keys are fine. Pass --token to check a token.'
        : 'The issuer cannot be used as configured: see the fixes above.';
  } else if (report.verdict.accepted) {
    summary =
      failed === 0
        ? 'The token would be accepted.'
        : `The token would be accepted, but ${failed} check${failed === 1 ? '' : 's'} failed.`;
  } else {
    summary = `The token would be rejected (${report.verdict.code}).`;
  }
  lines.push(`${style.bold(summary)} Exit code ${report.exitCode}.`);
  return `${lines.join('\n')}\n`;
}
