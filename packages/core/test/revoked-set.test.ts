import { describe, expect, it } from 'vitest';
import { Principal } from '../src/index.js';
import { encodeRevocation, type RevocationRecord } from '../src/revocation-record.js';
import { RevokedSet } from '../src/revoked-set.js';

const ISSUER = 'https://sso.example.com/realms/acme';
const OTHER = 'https://sso.example.com/realms/b2b';

const token = (claims: Record<string, unknown>) =>
  new Principal({ iss: ISSUER, sub: 'u1', sid: 's1', iat: 1_000, exp: 9_000, ...claims }, 'jwt');

function revoked(...records: Partial<RevocationRecord>[]): RevokedSet {
  const set = new RevokedSet();
  for (const partial of records) {
    const record: RevocationRecord = {
      kind: 'sid',
      issuer: ISSUER,
      id: 's1',
      at: 1_000,
      expiresAt: 10_000_000,
      receivedAt: 0,
      ...partial,
    };
    set.add(record, encodeRevocation(record));
  }
  return set;
}

describe('RevokedSet', () => {
  it('refuses every token of a logged-out session (sid, or session_state before Keycloak 25)', () => {
    const set = revoked({ kind: 'sid', id: 's1' });
    expect(set.check(token({}))).toMatchObject({
      code: 'session_ended',
      reason: 'session_logged_out',
    });
    expect(set.check(token({ sid: undefined, session_state: 's1' }))?.code).toBe('session_ended');
    expect(set.check(token({ sid: 's2' }))).toBeUndefined();
  });

  it('refuses the tokens of a user issued until the logout, not later logins', () => {
    const set = revoked({ kind: 'sub', id: 'u1', at: 1_000 });
    expect(set.check(token({ iat: 1_000 }))?.reason).toBe('user_logged_out');
    expect(set.check(token({ iat: 1_001 }))).toBeUndefined();
    expect(set.check(token({ sub: 'u2' }))).toBeUndefined();
  });

  it('refuses tokens issued before a not-before time; the latest push received wins', () => {
    const set = revoked({ kind: 'not-before', id: '', at: 2_000, receivedAt: 1 });
    expect(set.check(token({ iat: 1_999 }))?.reason).toBe('not_before');
    expect(set.check(token({ iat: 2_000 }))).toBeUndefined();
    const cleared = revoked(
      { kind: 'not-before', id: '', at: 2_000, receivedAt: 1 },
      { kind: 'not-before', id: '', at: 0, receivedAt: 2 },
    );
    expect(cleared.check(token({ iat: 1 }))).toBeUndefined();
  });

  it("applies a revocation to its issuer's tokens only", () => {
    expect(revoked({ issuer: OTHER }).check(token({}))).toBeUndefined();
  });

  it('holds each record once, and forgets those whose tokens have all expired', () => {
    const set = revoked({ id: 's1', expiresAt: 5_000 }, { id: 's2', expiresAt: 50_000 });
    expect(set.size).toBe(2);
    const record: RevocationRecord = {
      kind: 'sid',
      issuer: ISSUER,
      id: 's2',
      at: 1_000,
      expiresAt: 50_000,
      receivedAt: 0,
    };
    expect(set.add(record, encodeRevocation(record))).toBe(false);
    expect(set.prune(6_000)).toHaveLength(1);
    expect(set.check(token({ sid: 's1' }))).toBeUndefined();
    expect(set.check(token({ sid: 's2' }))?.code).toBe('session_ended');
    expect([...set.encoded()]).toEqual([encodeRevocation(record)]);
  });
});
