import { describe, expect, it } from 'vitest';
import { hasDuplicateMembers } from '../src/duplicate-members.js';

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
});
