import { describe, expect, it } from 'vitest';
import {
  checkTimeClaims,
  checkTokenKind,
  introspectedIssuer,
  trustedIssuer,
  wrongTokenKind,
} from '../src/claim-checks.js';
import { AuthError } from '../src/index.js';

const ISSUER = 'https://sso.example.com/realms/acme';
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const now = NOW / 1000;

function thrown(check: () => void): AuthError {
  try {
    check();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}

describe('trustedIssuer', () => {
  it('returns an allow-listed issuer', () => {
    expect(trustedIssuer(ISSUER, [ISSUER])).toBe(ISSUER);
  });

  it.each([
    ['absent', undefined],
    ['not a string', ['x']],
    ['unlisted', 'https://sso.example.com/realms/other'],
    ['listed but with a trailing slash', `${ISSUER}/`],
  ])('refuses an issuer that is %s as untrusted_issuer', (_what, issuer) => {
    expect(thrown(() => trustedIssuer(issuer, [ISSUER])).code).toBe('untrusted_issuer');
  });
});

describe('introspectedIssuer', () => {
  it('reads an answer without iss as the issuer asked, and one with that iss as it', () => {
    expect(introspectedIssuer({ exp: now }, ISSUER)).toBe(ISSUER);
    expect(introspectedIssuer({ iss: ISSUER }, ISSUER)).toBe(ISSUER);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an empty string', ''],
    ['an array of it', [ISSUER]],
    ['another issuer', 'https://sso.example.com/realms/other'],
  ])('refuses a present iss that is %s as untrusted_issuer', (_what, iss) => {
    const claims = { iss } as unknown as Record<string, unknown>;
    expect(thrown(() => introspectedIssuer(claims, ISSUER)).code).toBe('untrusted_issuer');
  });

  it('reads only an own iss member (none from a prototype)', () => {
    const claims = Object.create({ iss: null }) as Record<string, unknown>;
    expect(introspectedIssuer(claims, ISSUER)).toBe(ISSUER);
  });
});

describe('wrongTokenKind', () => {
  it('accepts Bearer in any case, and a token without typ', () => {
    expect(wrongTokenKind({ typ: 'Bearer' })).toBeUndefined();
    expect(wrongTokenKind({ typ: 'bearer' })).toBeUndefined();
    expect(wrongTokenKind({})).toBeUndefined();
  });

  it.each([
    ['ID', 'id_token', 'An ID token cannot be used as a bearer access token'],
    ['Refresh', 'refresh_token', 'A refresh token cannot be used as a bearer access token'],
    ['Offline', 'offline_token', 'An offline token cannot be used as a bearer access token'],
    ['Logout', 'logout_token', 'A logout token cannot be used as a bearer access token'],
  ])('names a Keycloak %s token as what it is', (typ, reason, description) => {
    expect(wrongTokenKind({ typ })).toMatchObject({
      code: 'wrong_token_type',
      reason,
      description,
    });
  });

  it('refuses an unknown kind, or a typ that is not a string, with the generic description', () => {
    for (const typ of ['JWT', 'Bearer ', 42, { kind: 'Bearer' }]) {
      expect(wrongTokenKind({ typ })).toMatchObject({
        code: 'wrong_token_type',
        reason: undefined,
        description: 'The token is not a bearer access token',
      });
    }
  });

  it('describes a typ named like an Object.prototype member generically (no prototype lookup)', () => {
    for (const typ of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const error = wrongTokenKind({ typ })!;
      expect(error.reason).toBeUndefined();
      expect(error.description).toBe('The token is not a bearer access token');
      expect(error.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('accepts a DPoP-bound token only with DPoP enabled and a cnf.jkt', () => {
    const bound = { typ: 'DPoP', cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' } };
    expect(wrongTokenKind(bound, 'allowed')).toBeUndefined();
    expect(wrongTokenKind(bound, 'required')).toBeUndefined();
    expect(wrongTokenKind(bound)?.reason).toBe('dpop_bound_token');
    expect(wrongTokenKind({ typ: 'DPoP' }, 'allowed')?.reason).toBe('dpop_bound_token');
  });

  it('is thrown by checkTokenKind', () => {
    expect(thrown(() => checkTokenKind({ typ: 'ID' })).reason).toBe('id_token');
    expect(() => checkTokenKind({ typ: 'Bearer' })).not.toThrow();
  });
});

describe('checkTimeClaims', () => {
  const check = (payload: Record<string, unknown>, tolerance = 0) =>
    checkTimeClaims(payload, NOW, tolerance);

  it('accepts a token within exp and past nbf', () => {
    expect(() => check({ exp: now + 60, nbf: now - 60, iat: now - 60 })).not.toThrow();
  });

  it('requires exp and names it (missing_claim, claim exp)', () => {
    expect(thrown(() => check({ iat: now }))).toMatchObject({
      code: 'missing_claim',
      claim: 'exp',
      description: 'The access token has no "exp" claim',
    });
  });

  it('refuses an exp or iat that is not a number (invalid_claim, naming it)', () => {
    expect(thrown(() => check({ exp: String(now + 60) }))).toMatchObject({
      code: 'invalid_claim',
      claim: 'exp',
    });
    expect(thrown(() => check({ exp: now + 60, iat: 'now' }))).toMatchObject({
      code: 'invalid_claim',
      claim: 'iat',
    });
  });

  it('refuses a token at or past exp, within the clock tolerance', () => {
    expect(thrown(() => check({ exp: now })).code).toBe('token_expired');
    expect(() => check({ exp: now }, 10)).not.toThrow();
    expect(thrown(() => check({ exp: now - 10 }, 10)).code).toBe('token_expired');
  });

  it('refuses a token before nbf beyond the clock tolerance, or with a non-numeric nbf', () => {
    expect(thrown(() => check({ exp: now + 600, nbf: now + 1 })).code).toBe('token_not_yet_valid');
    expect(() => check({ exp: now + 600, nbf: now + 10 }, 10)).not.toThrow();
    expect(thrown(() => check({ exp: now + 600, nbf: 'soon' })).code).toBe('token_not_yet_valid');
  });

  it('checks nbf before exp, as jose does', () => {
    expect(thrown(() => check({ exp: now - 1, nbf: now + 1 })).code).toBe('token_not_yet_valid');
  });
});
