/**
 * The checks every property makes on an outcome: nothing but a Principal or an AuthError comes
 * out, statuses are the allowed ones (never a 5xx other than 503 for IdP trouble), and neither
 * the token nor a secret appears in a response, a header, an event or a log line (console
 * output is captured while the suites run).
 *
 * @example
 * ```ts
 * const outcome = await settle(verifier.verify(token));
 * if ('error' in outcome) expectStatus(outcome.error, [401]);
 * expectNoLeak(surfaceOf(outcome), secretsOf(token));
 * ```
 */
import { AuthError, Principal, type VerifierEvent } from '../../src/index.js';
import { REALM_SECRETS } from './realm.js';

export type Outcome = { principal: Principal } | { error: AuthError };

/** A Principal or an AuthError; anything else thrown fails the property ("never a throw"). */
export async function settle(promise: Promise<unknown>): Promise<Outcome> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return authErrorOf(error);
  }
  if (!(value instanceof Principal)) throw new Error(`resolved with ${describe(value)}`);
  return { principal: value };
}

/** The AuthError a caught error must be ("never a throw" of anything else). */
export function authErrorOf(error: unknown): { error: AuthError } {
  if (error instanceof AuthError) return { error };
  throw new Error(`something other than an AuthError escaped: ${describe(error)}`, {
    cause: error,
  });
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message.slice(0, 200)}`;
  return typeof value;
}

/** Fails unless the error's status is one of `allowed` (and 503 carries Retry-After). */
export function expectStatus(error: AuthError, allowed: readonly number[], context = ''): void {
  if (!allowed.includes(error.status)) {
    throw new Error(
      `status ${error.status} (${error.code}) is not one of ${allowed.join('/')} ${context}`,
    );
  }
  if (error.status === 503 && !error.headers['retry-after']) {
    throw new Error('a 503 without Retry-After');
  }
}

/** What could be sensitive: the token, its long segments, the realm's client secrets. */
export function secretsOf(...tokens: string[]): string[] {
  const secrets = [...new Set(REALM_SECRETS)];
  for (const token of tokens) {
    if (token.length >= 16) secrets.push(token);
    for (const part of token.split(/[.\s,]+/)) if (part.length >= 24) secrets.push(part);
  }
  return secrets;
}

/** Fails when any secret appears in the text. */
export function expectNoLeak(text: string, secrets: readonly string[], where = 'output'): void {
  for (const secret of secrets) {
    if (text.includes(secret)) {
      throw new Error(`a secret of ${secret.length} characters appears in the ${where}`);
    }
  }
}

/** Everything of an AuthError that reaches a client or a log. */
export function errorSurface(error: AuthError): string {
  return JSON.stringify([
    error.body,
    error.headers,
    error.toJSON(),
    error.message,
    error.hint ?? '',
    String(error),
  ]);
}

/** Everything of an outcome that reaches a client or a log (`res.json(req.auth)` included). */
export function surfaceOf(outcome: Outcome): string {
  if ('error' in outcome) return errorSurface(outcome.error);
  // res.json(req.auth) must work (finding 10: an exp beyond a Date made toJSON() throw).
  return JSON.stringify(outcome.principal);
}

const logged: string[] = [];
const textOf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
// Everything the code under test logs is kept (and still printed) until `logSurface()` reads it.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    logged.push(args.map(textOf).join(' '));
    original(...args);
  };
}

/** What was logged since the last call. */
export function logSurface(): string {
  return logged.splice(0).join('\n');
}

/** Events as a log line would print them, and what was logged since the last look. */
export function eventsSurface(events: readonly VerifierEvent[]): string {
  return JSON.stringify(events) + logSurface();
}
