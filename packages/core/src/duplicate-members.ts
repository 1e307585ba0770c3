/**
 * RFC 7519 §4: a JWT whose header or claims set repeats a member name must be rejected (or read
 * "lexically last"). Parsers disagree on which duplicate wins, so realmguard rejects them all.
 * JSON.parse cannot tell (the last one silently wins), but it keeps one member per distinct
 * name: the text has a duplicate exactly when it names more members than the parsed value has.
 * Counting both is a fraction of the cost of collecting every name in a set.
 *
 * Nothing here recurses: the text is scanned in one loop (which also measures the nesting
 * depth) and the parsed value is walked with an explicit stack, so a hostile value of any
 * depth costs time linear in its size and never overflows the call stack.
 */
import { MAX_JSON_DEPTH } from './untrusted-json.js';

const BACKSLASH = 92;
const COLON = 58;
const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

// The nesting limit of every untrusted JSON document (JOSE headers, claims sets and the
// introspection answers that carry the same claims): one constant for every path.
export { MAX_JSON_DEPTH };

/** Index of the quote that closes the string opened at `start`. */
function stringEnd(json: string, start: number): number {
  let end = json.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
}

/** What one scan of JSON text found. */
export interface JsonTextShape {
  /** Member names (in JSON that parses, a colon outside strings follows each one). */
  readonly names: number;
  /** Deepest nesting of objects and arrays (0 for a scalar). */
  readonly depth: number;
}

/** Counts member names and measures the nesting depth in one pass over JSON text. */
export function scanJsonText(json: string): JsonTextShape {
  let names = 0;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code === QUOTE) i = stringEnd(json, i);
    else if (code === COLON) names++;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return { names, depth: deepest };
}

/** Members of every object in a parsed JSON value, walked with an explicit stack. */
function membersOf(root: unknown): number {
  let members = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      members++;
      const item = record[key];
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
  }
  return members;
}

/**
 * Whether JSON text repeats a member name in one object (`"a"` and `"\u0061"` are the same
 * name). Only called on text JSON.parse accepted; pass the parsed value when there is one.
 * Works at any depth (no recursion).
 *
 * @example
 * ```ts
 * hasDuplicateMembers('{"iss":"a","iss":"b"}'); // true
 * ```
 */
export function hasDuplicateMembers(json: string, parsed: unknown = JSON.parse(json)): boolean {
  return scanJsonText(json).names !== membersOf(parsed);
}

/**
 * Why JSON text (that JSON.parse accepted as `parsed`) must be refused as a JOSE header or
 * claims set: nested deeper than {@link MAX_JSON_DEPTH}, or a repeated member name; undefined
 * when it is fine. The depth is measured on the text first, so a too-deep value is never walked.
 *
 * @example
 * ```ts
 * const json = '{"a":[[[]]]}';
 * joseJsonProblem(json, JSON.parse(json)); // undefined
 * ```
 */
export function joseJsonProblem(
  json: string,
  parsed: unknown,
): 'too_deep' | 'duplicate_member' | undefined {
  const { names, depth } = scanJsonText(json);
  if (depth > MAX_JSON_DEPTH) return 'too_deep';
  return names !== membersOf(parsed) ? 'duplicate_member' : undefined;
}
