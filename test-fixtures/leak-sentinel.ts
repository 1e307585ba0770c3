/**
 * A sentinel secret that no response, event or log may ever contain, and the watchers that
 * report where it appeared. The test helpers give it to realms as client secrets (and to
 * verifiers as secrets), and `no-leak-setup.ts` installs the watchers for every test file.
 *
 * @example
 * ```ts
 * import { LEAK_SENTINEL, scanForLeak } from '../../../test-fixtures/leak-sentinel.js';
 * realm.client('orders-api').secret = LEAK_SENTINEL;
 * createVerifier({ ...options, onEvent: (event) => scanForLeak('event', event) });
 * ```
 */
import { format, inspect } from 'node:util';

/** The secret that must never show. Long and unlikely, so it never appears by chance. */
export const LEAK_SENTINEL = 'rg-sentinel-do-not-leak-4f9c2e7a1b';

const REPORTS = Symbol.for('realmguard.test.leak-reports');
const WRAPPED = Symbol.for('realmguard.test.leak-wrapped');

type Global = typeof globalThis & { [REPORTS]?: string[] };

/** Where the sentinel appeared so far (shared by every copy of this module in the process). */
function reports(): string[] {
  const global = globalThis as Global;
  return (global[REPORTS] ??= []);
}

/** Text of a value as a log or a response would carry it. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(value));
  let text = '';
  try {
    text += JSON.stringify(value) ?? '';
  } catch {
    // Not JSON-serialisable (cycles, BigInt): the inspection below still sees it.
  }
  try {
    text += inspect(value, { depth: Infinity, showHidden: true });
  } catch {
    text += String(value);
  }
  return text;
}

/** Records `where` when `value` (a string, bytes, or any object) contains the sentinel. */
export function scanForLeak(where: string, value: unknown): void {
  if (textOf(value).includes(LEAK_SENTINEL)) reports().push(where);
}

/** Empties and returns the places the sentinel appeared (never the text around it). */
export function drainLeakReports(): string[] {
  return reports().splice(0);
}

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `target[name]` with a function that scans its arguments first; installed once. */
export function watchMethod(
  target: object,
  name: string,
  where: string,
  scan: (args: unknown[]) => unknown = (args) => args,
): void {
  const holder = target as Record<string, unknown>;
  const original = holder[name];
  if (typeof original !== 'function' || (original as { [WRAPPED]?: true })[WRAPPED]) return;
  const call = original as Fn;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    scanForLeak(where, scan(args));
    return call.apply(this, args);
  };
  holder[name] = Object.assign(wrapped, { [WRAPPED]: true as const });
}

/** Console methods scan what they would print (`util.format` of their arguments). */
export function watchConsole(target: Console): void {
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
    watchMethod(target, name, `console.${name}`, (args) => format(...args));
  }
}

/** Stream writes scan their chunk (a string or bytes). */
export function watchWrites(target: { write: unknown }, where: string): void {
  watchMethod(target, 'write', where, (args) => args[0]);
}
