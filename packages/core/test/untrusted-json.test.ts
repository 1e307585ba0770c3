import { describe, expect, it } from 'vitest';
import { isOwnRecord, JsonTooDeepError, MAX_JSON_DEPTH, ownJson } from '../src/untrusted-json.js';

const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

describe('ownJson', () => {
  it('copies objects with a null prototype, so that no member is inherited', () => {
    const { value } = ownJson(JSON.parse('{"sub":"1","realm_access":{"roles":["viewer"]}}'));
    expect(Object.getPrototypeOf(value)).toBeNull();
    const roles = (value as { realm_access: object }).realm_access;
    expect(Object.getPrototypeOf(roles)).toBeNull();
    expect((value as Record<string, unknown>).toString).toBeUndefined();
  });

  it('drops __proto__ members: no role, exp or aud can come through them', () => {
    const { value } = ownJson(JSON.parse('{"__proto__":{"admin":true},"sub":"1"}'));
    expect((value as { admin?: boolean }).admin).toBeUndefined();
    expect(Object.keys(value as object)).toEqual(['sub']);
  });

  it('keeps arrays, strings, numbers, booleans and null as they are', () => {
    const parsed = JSON.parse('{"a":[1,"two",true,null],"n":1.5}') as unknown;
    expect(ownJson(parsed).value).toEqual(parsed);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(() => ownJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => ownJson(nested(MAX_JSON_DEPTH + 1))).toThrow(JsonTooDeepError);
  });

  it('estimates more bytes for more claims, and a long string by its length', () => {
    const small = ownJson({ sub: '1' }).bytes;
    expect(ownJson({ sub: '1', email: 'a@example.com' }).bytes).toBeGreaterThan(small);
    expect(ownJson({ sub: 'x'.repeat(10_000) }).bytes).toBeGreaterThan(20_000);
  });
});

describe('isOwnRecord', () => {
  it('is true for a copied object only, not an array or a primitive', () => {
    expect(isOwnRecord(ownJson({}).value)).toBe(true);
    expect(isOwnRecord([])).toBe(false);
    expect(isOwnRecord(null)).toBe(false);
    expect(isOwnRecord('x')).toBe(false);
  });
});
