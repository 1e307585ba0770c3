import type { DpopReport } from '../doctor/dpop.js';
import { MARKS, type Style } from './style.js';

/**
 * The DPoP checklist for people: the request, one line per check (✔ ✖ -), the fix under a
 * failure, then the outcome. The proof and the token are never shown.
 *
 * @example
 * ```ts
 * io.stdout.write(renderDpopText(report, styleFor(io.stdout, env), proof.length));
 * ```
 */
export function renderDpopText(report: DpopReport, style: Style, proofSize: number): string {
  const lines: string[] = [style.bold('realmguard doctor: DPoP proof')];
  lines.push(`  request:  ${report.method} ${report.url}`);
  lines.push(`  proof:    ${proofSize} characters (not shown)`);
  lines.push('');
  for (const line of report.lines) {
    const mark = style.status(line.status, MARKS[line.status]);
    const detail = line.status === 'skip' ? style.dim(line.detail) : line.detail;
    lines.push(`${mark} ${line.title}: ${detail}`);
    if (line.fix !== undefined && line.status === 'fail') lines.push(`    Fix: ${line.fix}`);
  }
  lines.push('');
  const failed = report.lines.find((line) => line.status === 'fail');
  const summary = failed
    ? `The proof would be rejected (${failed.title}).`
    : 'The proof would be accepted for this request.';
  lines.push(`${style.bold(summary)} Exit code ${report.exitCode}.`);
  return `${lines.join('\n')}\n`;
}
