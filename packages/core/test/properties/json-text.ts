/**
 * JSON as text, for hostile documents: a small tree whose numbers and member names are written
 * exactly as generated (`-0`, `1e300`, `1e400`, a name spelled with `\u` escapes, the same name
 * twice, `__proto__`), which `JSON.stringify` of a JavaScript value cannot express.
 *
 * @example
 * ```ts
 * fc.sample(jsonValue(), 1).map(toJsonText); // ['{"__proto__":{"roles":["admin"]}}']
 * ```
 */
import fc from 'fast-check';

/** A JSON value as text: a literal, an array, an object (members may repeat), deep nesting. */
export type Json =
  | { readonly lit: string }
  | { readonly arr: readonly Json[] }
  | { readonly obj: readonly Member[] }
  | { readonly deep: number; readonly as: 'array' | 'object' };

/** An object member; `escaped` writes its name with `\u` escapes (the same name to a parser). */
export interface Member {
  readonly name: string;
  readonly value: Json;
  readonly escaped?: boolean;
}

export const lit = (value: unknown): Json => ({ lit: JSON.stringify(value) });
export const obj = (members: readonly Member[]): Json => ({ obj: members });
export const arr = (items: readonly Json[]): Json => ({ arr: items });

/** A JSON value (from `JSON.parse`) as a tree, members in order. */
export function fromValue(value: unknown): Json {
  if (Array.isArray(value)) return arr(value.map(fromValue));
  if (typeof value === 'object' && value !== null) {
    return obj(Object.entries(value).map(([name, item]) => ({ name, value: fromValue(item) })));
  }
  return lit(value);
}

function escapeAll(name: string): string {
  let out = '"';
  for (let i = 0; i < name.length; i++) {
    out += `\\u${name.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** The JSON text of a tree. */
export function toJsonText(json: Json): string {
  if ('lit' in json) return json.lit;
  if ('arr' in json) return `[${json.arr.map(toJsonText).join(',')}]`;
  if ('obj' in json) {
    const members = json.obj.map(
      (m) => `${m.escaped ? escapeAll(m.name) : JSON.stringify(m.name)}:${toJsonText(m.value)}`,
    );
    return `{${members.join(',')}}`;
  }
  return json.as === 'array'
    ? `${'['.repeat(json.deep)}0${']'.repeat(json.deep)}`
    : `${'{"a":'.repeat(json.deep)}0${'}'.repeat(json.deep)}`;
}

/** Names that reach prototypes, or are looked up on claims objects. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf'];

/** Number literals that trip range, sign and precision checks. */
export const SPECIAL_NUMBERS = [
  '-0',
  '0',
  '1',
  '-1',
  '0.5',
  '1e300',
  '-1e300',
  '1e400',
  '-1e400',
  '1E-400',
  '9007199254740993',
  '8640000000000',
  '8640000000001',
  '-8640000000001',
  '1.7976931348623157e308',
  '4102444800',
  '1e21',
];

/** Strings that look like numbers, booleans or token kinds. */
export const SPECIAL_STRINGS = [
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e300',
  '-0',
  'true',
  'null',
  'Bearer',
  'bearer',
  'BEARER',
  'ID',
  'Refresh',
  'Logout',
  'DPoP',
  'JWT',
  'at+jwt',
  'admin',
  'orders-api',
  'account',
  'orders:read',
  '__proto__',
];

/** A JSON literal: every type, with the special numbers and strings favoured. */
export function jsonLiteral(extraStrings: readonly string[] = []): fc.Arbitrary<Json> {
  return fc.oneof(
    fc.constantFrom(...SPECIAL_NUMBERS).map((text) => ({ lit: text })),
    fc.integer().map((n) => ({ lit: String(n) })),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ lit: JSON.stringify(n) })),
    fc.constantFrom('true', 'false', 'null').map((text) => ({ lit: text })),
    fc.constantFrom(...SPECIAL_STRINGS, ...extraStrings).map(lit),
    fc.string({ unit: 'binary', maxLength: 24 }).map(lit),
  );
}

/** A member name: a prototype key, a known name, or anything. */
export function memberName(known: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...PROTOTYPE_KEYS),
    ...(known.length > 0 ? [fc.constantFrom(...known)] : []),
    fc.string({ maxLength: 12 }),
  );
}

/** Any JSON value up to `depth` levels (members may repeat; names favour prototype keys). */
export function jsonValue(
  depth = 3,
  known: readonly string[] = [],
  extraStrings: readonly string[] = [],
): fc.Arbitrary<Json> {
  const { value } = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      jsonLiteral(extraStrings),
      fc.array(tie('value'), { maxLength: 4 }).map(arr),
      fc
        .array(fc.record({ name: memberName(known), value: tie('value'), escaped: fc.boolean() }), {
          maxLength: 4,
        })
        .map(obj),
    ),
  }));
  return value;
}

/**
 * Nesting deep enough to overflow a recursive walker (finding 2: depth 5,000), up to `arrays`
 * levels of arrays or `objects` levels of objects (the largest depths are favoured).
 */
export function deepJson(arrays = 5_200, objects = 1_800): fc.Arbitrary<Json> {
  const depth = (max: number) =>
    fc.oneof(fc.integer({ min: 1, max }), fc.integer({ min: Math.floor(max * 0.75), max }));
  return fc.oneof(
    fc.record({ deep: depth(arrays), as: fc.constant('array' as const) }),
    fc.record({ deep: depth(objects), as: fc.constant('object' as const) }),
  );
}

/** One change to an object's members. */
export type MemberEdit =
  | { op: 'set'; name: string; value: Json; escaped: boolean }
  | { op: 'delete'; name: string }
  | { op: 'duplicate'; name: string; value: Json | undefined; escaped: boolean }
  | { op: 'add'; name: string; value: Json; escaped: boolean };

/** Applies member edits in order (`set` replaces in place; `duplicate` appends a second one). */
export function editMembers(members: readonly Member[], edits: readonly MemberEdit[]): Member[] {
  let out = [...members];
  for (const edit of edits) {
    const index = out.findIndex((m) => m.name === edit.name);
    if (edit.op === 'delete') out = out.filter((m) => m.name !== edit.name);
    else if (edit.op === 'set' && index >= 0) {
      out[index] = { name: edit.name, value: edit.value, escaped: edit.escaped };
    } else if (edit.op === 'duplicate') {
      const value = edit.value ?? out[index]?.value ?? lit(null);
      out.push({ name: edit.name, value, escaped: edit.escaped });
    } else out.push({ name: edit.name, value: edit.value, escaped: edit.escaped });
  }
  return out;
}

/** Edits of an object whose usual member names are `names`. */
export function memberEdits(
  names: readonly string[],
  value: fc.Arbitrary<Json>,
  maxEdits = 4,
): fc.Arbitrary<MemberEdit[]> {
  const name = fc.oneof(fc.constantFrom(...names), memberName(names));
  const edit: fc.Arbitrary<MemberEdit> = fc.oneof(
    fc.record({
      op: fc.constant('set' as const),
      name: fc.constantFrom(...names),
      value,
      escaped: fc.boolean(),
    }),
    fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom(...names) }),
    fc.record({
      op: fc.constant('duplicate' as const),
      name,
      value: fc.option(value, { nil: undefined }),
      escaped: fc.boolean(),
    }),
    fc.record({ op: fc.constant('add' as const), name, value, escaped: fc.boolean() }),
  );
  return fc.array(edit, { minLength: 0, maxLength: maxEdits });
}

/** Whether JSON text names the same member twice in one object (an independent, slow check). */
export function repeatsMember(text: string): boolean {
  // Rebuild with a reviver-free walk over the tokens: parse each object's names with JSON.parse.
  const names: Set<string>[] = [];
  const stack: ('o' | 'a')[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const s = JSON.parse(text.slice(i, j + 1)) as string;
      if (stack.at(-1) === 'o' && expectName) {
        const set = names.at(-1)!;
        if (set.has(s)) return true;
        set.add(s);
        expectName = false;
      }
      i = j;
    } else if (c === '{') {
      stack.push('o');
      names.push(new Set());
      expectName = true;
    } else if (c === '[') stack.push('a');
    else if (c === '}' || c === ']') {
      if (stack.pop() === 'o') names.pop();
    } else if (c === ',' && stack.at(-1) === 'o') expectName = true;
  }
  return false;
}
