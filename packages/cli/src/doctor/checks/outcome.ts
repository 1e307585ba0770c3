import type { CheckOutcome } from '../types.js';

/** Builders for check outcomes, so that checks read as their decisions. */
export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const fail = (detail: string, fix: string): CheckOutcome => ({
  status: 'fail',
  detail,
  fix,
});
export const warn = (detail: string, fix?: string): CheckOutcome =>
  fix === undefined ? { status: 'warn', detail } : { status: 'warn', detail, fix };
export const skip = (detail: string): CheckOutcome => ({ status: 'skip', detail });

/** The outcome of a JWT-only check for a token that is not a JWT. */
export const notJwt = (): CheckOutcome => skip('not a signed JWT');

/** A claim as a display string: strings as they are, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A list of strings as `a, b, c`, or `(none)`. */
export function list(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}
