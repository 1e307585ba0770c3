import { describe, expect, it } from 'vitest';
import {
  encodeRevocation,
  parseRevocation,
  type RevocationRecord,
} from '../src/revocation-record.js';

const ISSUER = 'https://sso.example.com/realms/acme';
const record: RevocationRecord = {
  kind: 'sid',
  issuer: ISSUER,
  id: '5d7f4c1e-0000-4000-8000-000000000001',
  at: 1_764_000_000,
  expiresAt: 1_764_003_600_000,
  receivedAt: 0,
};

describe('revocation records', () => {
  it('round-trip through their encoding', () => {
    expect(parseRevocation(encodeRevocation(record))).toEqual(record);
    const notBefore = { ...record, kind: 'not-before', id: '', receivedAt: 5 } as const;
    expect(parseRevocation(encodeRevocation(notBefore))).toEqual(notBefore);
  });

  it('encode equal records to equal strings (a record added twice is one set member)', () => {
    expect(encodeRevocation({ ...record })).toBe(encodeRevocation(record));
  });

  it('name a session, a user or a time, never a token', () => {
    expect(encodeRevocation(record)).not.toMatch(/eyJ/);
  });

  it.each([
    ['garbage', 'not json'],
    ['another version', JSON.stringify([2, 'sid', ISSUER, 'x', 1, 2, 3])],
    ['an unknown kind', JSON.stringify([1, 'token', ISSUER, 'x', 1, 2, 3])],
    ['a sid without id', JSON.stringify([1, 'sid', ISSUER, '', 1, 2, 3])],
    ['a time that is not a number', JSON.stringify([1, 'sub', ISSUER, 'u', '1', 2, 3])],
    ['a missing member', JSON.stringify([1, 'sub', ISSUER, 'u', 1, 2])],
    ['an object', JSON.stringify({ kind: 'sid' })],
  ])('refuse %s', (_what, text) => {
    expect(parseRevocation(text)).toBeUndefined();
  });
});
