/**
 * Copies JSON that an identity provider sent (introspection, UMA and userinfo answers) into
 * objects that cannot be turned against the code that reads them:
 *
 * - every object has a null prototype, so no member is ever inherited (`roles`, `exp`, `aud` can
 *   only come from the answer itself), and `__proto__` members are dropped, so that a later
 *   `Object.assign` or member-by-member copy by a user cannot set a prototype either;
 * - nesting is bounded (no unbounded recursion over untrusted input);
 * - the copy comes with an estimate of the heap it takes, for caches bounded by bytes.
 */

/**
 * Deepest nesting of objects and arrays accepted in any untrusted JSON document, on every path:
 * a JOSE header or JWT claims set (`duplicate-members.ts`, measured on the text) and an
 * introspection, UMA or userinfo answer (here). The outermost object is level 1. Keycloak
 * tokens nest 4 levels (`resource_access.{client}.roles`, `authorization.permissions[].scopes`);
 * 64 leaves ample room for custom claims while keeping every later walk of the claims
 * (principal, caches, logs) far from any stack limit. One constant, so that an introspection
 * answer is never refused for a depth its token may have.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Estimated heap bytes on 64-bit V8, per value: a slot in its parent, then a string header, a
 * (boxed) number, an array header, or a null-prototype object, which V8 keeps as a dictionary
 * (header and hash table), plus an entry per member. Checked against the measured heap by
 * `test/introspection-memory.test.ts`, with answers of many short strings, a large string,
 * and many small objects.
 */
const SLOT = 8;
const STRING = 24;
const NUMBER = 16;
const ARRAY = 32;
const OBJECT = 200;
const MEMBER = 64;

/** A copied JSON value and the heap bytes it is estimated to take. */
export interface OwnJson<T = unknown> {
  readonly value: T;
  readonly bytes: number;
}

/** The copy failed: nesting deeper than {@link MAX_JSON_DEPTH}. */
export class JsonTooDeepError extends Error {
  override readonly name = 'JsonTooDeepError';
}

/**
 * A deep copy of a parsed JSON value with null-prototype objects, without `__proto__` members,
 * and an estimate of its heap size.
 * @throws JsonTooDeepError when the value nests deeper than {@link MAX_JSON_DEPTH}.
 *
 * @example
 * ```ts
 * const { value, bytes } = ownJson(JSON.parse('{"__proto__":{"admin":true},"sub":"1"}'));
 * Object.getPrototypeOf(value); // null
 * (value as { admin?: boolean }).admin; // undefined
 * ```
 */
export function ownJson(parsed: unknown): OwnJson {
  const counter = { bytes: 0 };
  const value = copy(parsed, 0, counter);
  return { value, bytes: counter.bytes };
}

function copy(value: unknown, depth: number, counter: { bytes: number }): unknown {
  counter.bytes += SLOT;
  if (typeof value === 'string') {
    // Two bytes a character for strings V8 cannot store as one-byte (conservatively: all).
    counter.bytes += STRING + value.length * 2;
    return value;
  }
  if (typeof value === 'number') counter.bytes += NUMBER;
  if (typeof value !== 'object' || value === null) return value;
  // `depth` counts from 0 at the outermost value: a container at index 64 is level 65.
  if (depth >= MAX_JSON_DEPTH) throw new JsonTooDeepError('JSON nested too deeply');
  if (Array.isArray(value)) {
    counter.bytes += ARRAY;
    const list: unknown[] = [];
    for (const item of value as unknown[]) list.push(copy(item, depth + 1, counter));
    return list;
  }
  counter.bytes += OBJECT;
  const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(value)) {
    if (name === '__proto__') continue;
    counter.bytes += MEMBER + name.length;
    record[name] = copy((value as Record<string, unknown>)[name], depth + 1, counter);
  }
  return record;
}

/** Whether a copied value is a JSON object (null prototype, not an array). */
export function isOwnRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
