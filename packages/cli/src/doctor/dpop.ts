/**
 * `realmguard doctor --dpop <proof> --method GET --url …`: checks a DPoP proof (RFC 9449 §4.3)
 * as `@realmguard/core` would for that request, one line per check in the verifier's order,
 * naming the first that fails and what the client must change. With `--token`, also `ath` and
 * the token's binding (`cnf.jkt` against the proof key's thumbprint). The proof and the token
 * are never printed; nothing is sent anywhere.
 */
import { decodeJwt } from 'jose';
import { inspectDpopProof, type DpopCheck } from '@realmguard/core';
import type { CheckStatus } from './types.js';

/** One line of the DPoP checklist. */
export interface DpopLine {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
}

/** What the DPoP part of the doctor found. */
export interface DpopReport {
  readonly method: string;
  readonly url: string;
  readonly accepted: boolean;
  /** The proof key's RFC 7638 thumbprint, when the proof passed. */
  readonly jkt: string | undefined;
  readonly lines: readonly DpopLine[];
  readonly exitCode: 0 | 1;
}

/** What to check. */
export interface DpopDoctorOptions {
  readonly proof: string;
  readonly method: string;
  readonly url: string;
  readonly token?: string | undefined;
  readonly clockTolerance: number;
}

/** The checklist's lines: which core checks each one covers. */
const LINES: readonly { id: string; title: string; checks: readonly DpopCheck[] }[] = [
  { id: 'dpop-structure', title: 'proof structure', checks: ['syntax'] },
  { id: 'dpop-header', title: 'proof header (typ, alg)', checks: ['typ', 'alg'] },
  { id: 'dpop-key', title: 'proof key (public jwk)', checks: ['jwk', 'private-key'] },
  { id: 'dpop-signature', title: 'proof signature', checks: ['signature'] },
  { id: 'dpop-claims', title: 'proof claims (jti, htm, htu, iat)', checks: ['claims'] },
  { id: 'dpop-htm', title: 'htm = request method', checks: ['htm'] },
  { id: 'dpop-htu', title: 'htu = request URL', checks: ['htu'] },
  { id: 'dpop-iat', title: 'iat within the window', checks: ['iat'] },
  { id: 'dpop-ath', title: 'ath = hash of the access token', checks: ['ath'] },
];

/** The token's `cnf.jkt`, undefined when it has none, `null` when it is no JWT. */
function tokenJkt(token: string): string | undefined | null {
  try {
    const cnf = decodeJwt(token).cnf as { jkt?: unknown } | undefined;
    return typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
  } catch {
    return null;
  }
}

/** What the proof says, beside what the request is, for the checks where that helps. */
function observed(options: DpopDoctorOptions, check: DpopCheck, now: () => number): string {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(options.proof);
  } catch {
    return '';
  }
  if (check === 'htm' && typeof claims.htm === 'string') {
    return ` (the proof says ${JSON.stringify(claims.htm)}, the request is ${options.method})`;
  }
  if (check === 'htu' && typeof claims.htu === 'string') {
    return ` (the proof says ${claims.htu}, the request is ${options.url})`;
  }
  if (check === 'iat' && typeof claims.iat === 'number') {
    const age = Math.round(now() / 1000 - claims.iat);
    return age >= 0 ? ` (issued ${age} s ago)` : ` (issued ${-age} s in the future)`;
  }
  return '';
}

function bindingLine(token: string | undefined, jkt: string | undefined): DpopLine {
  const base = { id: 'dpop-binding', title: 'token bound to the proof key (cnf.jkt)' };
  if (token === undefined) {
    return { ...base, status: 'skip', detail: 'no token given (--token)' };
  }
  if (jkt === undefined) return { ...base, status: 'skip', detail: 'the proof did not pass' };
  const bound = tokenJkt(token);
  if (bound === null) {
    return {
      ...base,
      status: 'skip',
      detail: 'the token is not a JWT: its cnf is in the introspection answer',
    };
  }
  if (bound === undefined) {
    return {
      ...base,
      status: 'fail',
      detail: 'the token has no cnf.jkt: it is not DPoP-bound',
      fix: 'Send it with "Authorization: Bearer", or get a DPoP-bound token: send a DPoP proof to the token endpoint.',
    };
  }
  if (bound !== jkt) {
    return {
      ...base,
      status: 'fail',
      detail: `the token is bound to ${bound}, the proof key is ${jkt}`,
      fix: 'Sign the proof with the key the token was bound to (the one whose proof the token endpoint received).',
    };
  }
  return { ...base, status: 'pass', detail: `cnf.jkt ${jkt}` };
}

/**
 * Checks a DPoP proof for a request.
 *
 * @example
 * ```ts
 * const report = await runDpopDoctor(
 *   { proof, method: 'GET', url: 'https://api.example.com/orders', clockTolerance: 10 },
 *   Date.now,
 * );
 * report.lines.find((line) => line.status === 'fail'); // { id: 'dpop-htu', fix: '…' }
 * ```
 */
export async function runDpopDoctor(
  options: DpopDoctorOptions,
  now: () => number,
): Promise<DpopReport> {
  const result = await inspectDpopProof(options.proof, {
    method: options.method,
    url: options.url,
    ...(options.token === undefined ? {} : { accessToken: options.token }),
    clockTolerance: options.clockTolerance,
    now,
  });
  const index = result.ok ? -1 : LINES.findIndex((l) => l.checks.includes(result.check));
  const failed = result.ok ? undefined : Math.max(0, index);
  const lines: DpopLine[] = LINES.map((line, index): DpopLine => {
    const base = { id: line.id, title: line.title };
    if (failed !== undefined && index === failed && !result.ok) {
      const detail = `${result.description}${observed(options, result.check, now)}`;
      return { ...base, status: 'fail', detail, fix: result.fix };
    }
    if (failed !== undefined && index > failed) {
      return { ...base, status: 'skip', detail: `skipped: "${LINES[failed]!.title}" did not pass` };
    }
    if (line.id === 'dpop-ath' && options.token === undefined) {
      return { ...base, status: 'skip', detail: 'no token given (--token)' };
    }
    return { ...base, status: 'pass', detail: 'ok' };
  });
  const jkt = result.ok ? result.jkt : undefined;
  if (jkt !== undefined) lines[2] = { ...lines[2]!, detail: `public key, thumbprint ${jkt}` };
  lines.push(bindingLine(options.token, jkt));
  const accepted = lines.every((line) => line.status !== 'fail');
  return {
    method: options.method,
    url: options.url,
    accepted,
    jkt,
    lines,
    exitCode: accepted ? 0 : 1,
  };
}
