import { runDpopDoctor, type DpopReport } from '../doctor/dpop.js';
import { runDoctor } from '../doctor/run-doctor.js';
import type { DoctorOptions } from '../doctor/types.js';
import type { CliIo } from '../io.js';
import { renderDpopText } from '../report/dpop-text.js';
import { doctorJson, renderJson } from '../report/json.js';
import { styleFor } from '../report/style.js';
import { renderDoctorText } from '../report/text.js';
import { UsageError } from '../usage.js';

/** The request a DPoP proof is checked for (`--dpop`, `--method`, `--url`). */
export interface DpopRequest {
  readonly proof: string;
  readonly method: string;
  readonly url: string;
}

/**
 * The `--dpop` request of the doctor's flags, or undefined without `--dpop`.
 * @throws UsageError when `--method` or `--url` is missing or wrong
 *
 * @example
 * ```ts
 * dpopRequest(values.dpop, values.method, values.url); // { proof, method: 'GET', url }
 * ```
 */
export function dpopRequest(
  proof: string | undefined,
  method: string | undefined,
  url: string | undefined,
): DpopRequest | undefined {
  if (proof === undefined) {
    if (method !== undefined || url !== undefined) {
      throw new UsageError('--method and --url go with --dpop <proof>');
    }
    return undefined;
  }
  const text = proof.trim().replace(/^dpop:\s*/i, '');
  if (text === '') throw new UsageError('the DPoP proof is empty');
  if (method === undefined || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method)) {
    throw new UsageError('--dpop needs --method, the HTTP method of the request (e.g. GET)');
  }
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    throw new UsageError('--dpop needs --url, the absolute URL of the request the API sees');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`--url "${url}" must be an http(s) URL`);
  }
  return { proof: text, method, url: parsed.href };
}

function dpopJson(report: DpopReport) {
  return {
    method: report.method,
    url: report.url,
    accepted: report.accepted,
    jkt: report.jkt ?? null,
    exitCode: report.exitCode,
    checks: report.lines,
  };
}

/**
 * `realmguard doctor --dpop …`: the DPoP checklist, after the token checklist when `--issuer`
 * is given too. The exit code is 1 when either would reject.
 *
 * @example
 * ```ts
 * return dpopCommand({ ...options, dpop }, json, io);
 * ```
 */
export async function dpopCommand(
  options: DoctorOptions & { readonly dpop: DpopRequest },
  json: boolean,
  io: CliIo,
): Promise<number> {
  const dpop = await runDpopDoctor(
    { ...options.dpop, token: options.token, clockTolerance: options.clockTolerance },
    io.now,
  );
  const report =
    options.issuer === '' ? undefined : await runDoctor(options, { fetch: io.fetch, now: io.now });
  if (json) {
    const base = report ? doctorJson(report) : { command: 'doctor' as const };
    io.stdout.write(renderJson({ ...base, dpop: dpopJson(dpop) }));
  } else {
    const style = styleFor(io.stdout, io.env ?? {});
    if (report) io.stdout.write(`${renderDoctorText(report, style, options.token?.length)}\n`);
    io.stdout.write(renderDpopText(dpop, style, options.dpop.proof.length));
  }
  return Math.max(report?.exitCode ?? 0, dpop.exitCode);
}
