import { parseArgs } from 'node:util';
import type { DoctorOptions } from '../doctor/types.js';
import { runDoctor } from '../doctor/run-doctor.js';
import { dpopCommand, dpopRequest, type DpopRequest } from './doctor-dpop.js';
import type { CliIo } from '../io.js';
import { doctorJson, renderJson } from '../report/json.js';
import { styleFor } from '../report/style.js';
import { renderDoctorText } from '../report/text.js';
import { readToken } from '../token-input.js';
import { DOCTOR_USAGE, UsageError } from '../usage.js';

function checkIssuer(issuer: string | undefined): string {
  if (issuer === undefined) {
    throw new UsageError('--issuer is required, e.g. --issuer https://sso.example.com/realms/acme');
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new UsageError(`--issuer "${issuer}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--issuer "${issuer}" must be an http(s) URL`);
  }
  if (url.search || url.hash)
    throw new UsageError(`--issuer "${issuer}" must not have a query or fragment`);
  return issuer;
}

function clockTolerance(value: string | undefined): number {
  if (value === undefined) return 10;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`--clock-tolerance must be a number of seconds >= 0 (got "${value}")`);
  }
  return seconds;
}

/** Parses the doctor's flags into options (the token read, the secret from the environment). */
export async function doctorOptions(
  args: readonly string[],
  io: CliIo,
): Promise<DoctorOptions & { json: boolean; help: boolean; dpop?: DpopRequest }> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      issuer: { type: 'string' },
      audience: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'clock-tolerance': { type: 'string' },
      dpop: { type: 'string' },
      method: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    return { issuer: '', clockTolerance: 10, json: false, help: true };
  }
  const dpop = dpopRequest(values.dpop, values.method, values.url);
  // With --dpop alone only the proof is checked: no issuer is needed.
  const issuer = dpop && values.issuer === undefined ? '' : checkIssuer(values.issuer);
  if (values.audience === '') throw new UsageError('--audience must not be empty');
  const clientId = values['client-id'];
  const clientSecret = values['client-secret'] ?? io.env?.REALMGUARD_CLIENT_SECRET;
  if (clientId !== undefined && (clientSecret === undefined || clientSecret === '')) {
    throw new UsageError('--client-id needs --client-secret (or REALMGUARD_CLIENT_SECRET)');
  }
  if (clientId === undefined && values['client-secret'] !== undefined) {
    throw new UsageError('--client-secret needs --client-id');
  }
  if (clientId === '') throw new UsageError('--client-id must not be empty');
  const token = await readToken(io, values.token, values['token-file']);
  return {
    issuer,
    audience: values.audience,
    token,
    clientId,
    clientSecret: clientId === undefined ? undefined : clientSecret,
    clockTolerance: clockTolerance(values['clock-tolerance']),
    json: values.json,
    help: false,
    ...(dpop ? { dpop } : {}),
  };
}

/** `realmguard doctor`: the checklist (or JSON); the exit code follows the verifier's verdict. */
export async function doctorCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { json, help, ...options } = await doctorOptions(args, io);
  if (help) {
    io.stdout.write(DOCTOR_USAGE);
    return 0;
  }
  if (options.dpop) return dpopCommand({ ...options, dpop: options.dpop }, json, io);
  const report = await runDoctor(options, { fetch: io.fetch, now: io.now });
  io.stdout.write(
    json
      ? renderJson(doctorJson(report))
      : renderDoctorText(report, styleFor(io.stdout, io.env ?? {}), options.token?.length),
  );
  return report.exitCode;
}
