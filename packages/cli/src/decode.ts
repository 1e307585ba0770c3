import { inspectToken, type DecodedJws } from './token.js';
import { isoTime, relative, TIME_CLAIMS } from './time.js';

/** A time claim in machine and human form. */
export interface HumanTime {
  readonly epoch: number;
  readonly iso: string;
  readonly relative: string;
}

/** What `realmguard decode --json` prints. */
export interface DecodedJson {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly signatureBytes: number;
  /** The NumericDate claims present (exp, iat, nbf, auth_time, updated_at). */
  readonly times: Readonly<Record<string, HumanTime>>;
}

/**
 * The decoded token, or why it cannot be decoded. Nothing is verified.
 *
 * @example
 * ```ts
 * const decoded = decodeToken(token);
 * if ('error' in decoded) console.error(decoded.error);
 * else console.log(decoded.payload.iss, decoded.times.exp?.relative);
 * ```
 */
export function decodeToken(token: string): DecodedJws | { error: string } {
  const shape = inspectToken(token);
  switch (shape.kind) {
    case 'jws':
      return shape;
    case 'jwe':
      return {
        error: 'this is an encrypted token (JWE): its claims cannot be read without the key',
      };
    case 'opaque':
      return {
        error: 'this is an opaque token, not a JWT: only introspection can tell what it holds',
      };
    case 'malformed':
      return { error: `this is not a well-formed JWT: ${shape.reason}` };
  }
}

function timesOf(
  payload: Readonly<Record<string, unknown>>,
  nowMs: number,
): Record<string, HumanTime> {
  const times: Record<string, HumanTime> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
      times[name] = { epoch: value, iso: isoTime(value), relative: relative(value, nowMs) };
    }
  }
  return times;
}

/**
 * The `--json` form: `{ header, payload, signatureBytes, times }`.
 *
 * @example
 * ```ts
 * const decoded = decodeToken(token);
 * if (!('error' in decoded)) console.log(JSON.stringify(decodedJson(decoded, Date.now())));
 * ```
 */
export function decodedJson(jws: DecodedJws, nowMs: number): DecodedJson {
  return {
    header: jws.header,
    payload: jws.payload,
    signatureBytes: jws.signatureBytes,
    times: timesOf(jws.payload, nowMs),
  };
}

function section(
  title: string,
  members: Readonly<Record<string, unknown>>,
  times: Readonly<Record<string, HumanTime>>,
): string[] {
  const lines = [title];
  for (const [name, value] of Object.entries(members)) {
    const time = times[name];
    // Short values on one line, larger ones (role lists) indented under their name.
    const line = JSON.stringify(value);
    const text = line.length <= 60 ? line : JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    lines.push(`  ${name}: ${text}${time ? `  ${time.iso} (${time.relative})` : ''}`);
  }
  return lines;
}

/** Header and claims, one per line, times in human form; the signature is not shown. */
export function renderDecoded(jws: DecodedJws, nowMs: number): string {
  const times = timesOf(jws.payload, nowMs);
  const lines = [
    ...section('Header', jws.header, {}),
    '',
    ...section('Payload', jws.payload, times),
    '',
    `Signature: ${jws.signatureBytes} bytes, not verified (realmguard doctor verifies it)`,
  ];
  return `${lines.join('\n')}\n`;
}
