import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_JSON_DEPTH,
  hasDuplicateMembers,
  joseJsonProblem,
  scanJsonText,
} from '../src/duplicate-members.js';

/** `{"a":[[[…]]]}` with `depth` levels in all (the object counts as one). */
const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('duplicate JSON member detection', () => {
  it('finds a repeated top-level member', () => {
    expect(hasDuplicateMembers('{"iss":"a","sub":"x","iss":"b"}')).toBe(true);
  });

  it('finds a repeated member in a nested object', () => {
    expect(hasDuplicateMembers('{"realm_access":{"roles":["a"],"roles":["admin"]}}')).toBe(true);
  });

  it('compares decoded names, so escapes cannot hide a duplicate', () => {
    expect(hasDuplicateMembers('{"iss":"a","\\u0069ss":"b"}')).toBe(true);
  });

  it('accepts the same name in sibling objects and inside strings and arrays', () => {
    expect(
      hasDuplicateMembers(
        '{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}],"d":"\\"x\\":1,\\"x\\":2","e":["a","a"]}',
      ),
    ).toBe(false);
  });

  it('accepts a real Keycloak claims set', () => {
    expect(
      hasDuplicateMembers(
        '{"exp":1,"iat":0,"jti":"j","iss":"i","aud":"account","typ":"Bearer","azp":"w",' +
          '"realm_access":{"roles":["a","b"]},"resource_access":{"account":{"roles":["x"]}},"scope":"s"}',
      ),
    ).toBe(false);
  });

  it('sees whitespace around the colon and escaped quotes in names', () => {
    expect(hasDuplicateMembers('{ "a" : 1 ,\n\t"a"\r\n: 2 }')).toBe(true);
    // Names a\ and a; then a\" twice.
    expect(hasDuplicateMembers('{"a\\\\":1,"a":2}')).toBe(false);
    expect(hasDuplicateMembers('{"a\\\\\\"":1,"a\\\\\\"":2}')).toBe(true);
    expect(hasDuplicateMembers('{"x":{"k":[{"q":1,"q":2}]}}')).toBe(true);
  });

  it('counts a __proto__ member like any other', () => {
    expect(hasDuplicateMembers('{"__proto__":1,"a":2}')).toBe(false);
    expect(hasDuplicateMembers('{"__proto__":1,"__proto__":2}')).toBe(true);
  });

  it('agrees with JSON.parse on generated JSON: none in stringified values, one when a name repeats', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, name) => {
        expect(hasDuplicateMembers(JSON.stringify(value, null, 1))).toBe(false);
        const repeated = JSON.stringify({ [name]: value });
        const twice = `{${repeated.slice(1, -1)},${repeated.slice(1, -1)}}`;
        expect(hasDuplicateMembers(twice)).toBe(true);
      }),
    );
  });

  it('walks a value nested 100,000 levels deep without overflowing the stack', () => {
    const deep = nested(100_000);
    expect(hasDuplicateMembers(deep)).toBe(false);
    const deepObjects = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    expect(hasDuplicateMembers(deepObjects)).toBe(false);
    const twice = `${'{"a":'.repeat(20_000)}{"b":1,"b":2}${'}'.repeat(20_000)}`;
    expect(hasDuplicateMembers(twice)).toBe(true);
  });

  it('measures the nesting depth on the text, ignoring brackets inside strings', () => {
    expect(scanJsonText('{"a":"[[[{{{","b":[{"c":[]}]}')).toEqual({ names: 3, depth: 4 });
    expect(scanJsonText('1').depth).toBe(0);
  });

  it(`refuses JOSE JSON nested deeper than ${MAX_JSON_DEPTH} levels, and accepts ${MAX_JSON_DEPTH}`, () => {
    const ok = nested(MAX_JSON_DEPTH);
    expect(joseJsonProblem(ok, JSON.parse(ok))).toBeUndefined();
    const tooDeep = nested(MAX_JSON_DEPTH + 1);
    expect(joseJsonProblem(tooDeep, JSON.parse(tooDeep))).toBe('too_deep');
    const hostile = nested(5_000);
    expect(joseJsonProblem(hostile, JSON.parse(hostile))).toBe('too_deep');
    const dup = '{"iss":"a","iss":"b"}';
    expect(joseJsonProblem(dup, JSON.parse(dup))).toBe('duplicate_member');
  });
});
