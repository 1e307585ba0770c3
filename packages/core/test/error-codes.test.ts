import { describe, expect, it } from 'vitest';
import {
  AUTH_ERROR_CODES,
  OAUTH_ERROR_STATUS,
  describeAuthError,
  type AuthErrorCode,
  type AuthErrorCodeEntry,
  type InvalidTokenCode,
} from '../src/error-codes.js';
import { AuthError } from '../src/index.js';

const codes = Object.keys(AUTH_ERROR_CODES) as AuthErrorCode[];

describe('the table of error codes', () => {
  it('gives every code an OAuth error with a status, except a request without credentials', () => {
    for (const code of codes) {
      const { error } = AUTH_ERROR_CODES[code];
      if (code === 'missing_token') expect(error).toBeUndefined();
      else expect(OAUTH_ERROR_STATUS[error!], code).toBeTypeOf('number');
    }
  });

  it('answers each family of codes with the status RFC 6750 gives it', () => {
    const status = (code: AuthErrorCode) => new AuthError({ code }).status;
    expect(status('multiple_tokens')).toBe(400);
    expect(status('malformed_authorization')).toBe(400);
    expect(status('missing_token')).toBe(401);
    expect(status('token_expired')).toBe(401);
    expect(status('session_ended')).toBe(401);
    expect(status('invalid_dpop_proof')).toBe(401);
    expect(status('missing_role')).toBe(403);
    expect(status('lightweight_token')).toBe(403);
    expect(status('server_misconfigured')).toBe(500);
    expect(status('idp_unavailable')).toBe(503);
    expect(status('revocation_unavailable')).toBe(503);
  });

  it('gives every code a generic default description, without a URL or a quote', () => {
    for (const code of codes) {
      const { description } = AUTH_ERROR_CODES[code];
      expect(description.length, code).toBeGreaterThan(10);
      expect(description, code).not.toMatch(/https?:|"/);
    }
  });

  it('gives each description of a reason to a code that can fail for it only', () => {
    const seen = new Map<string, AuthErrorCode>();
    for (const code of codes) {
      const entry: AuthErrorCodeEntry = AUTH_ERROR_CODES[code];
      for (const reason of Object.keys(entry.reasons ?? {})) {
        expect(seen.get(reason), `${reason} of ${code}`).toBeUndefined();
        seen.set(reason, code);
      }
    }
    expect(seen.get('id_token')).toBe('wrong_token_type');
    expect(seen.get('not_before')).toBe('session_ended');
  });

  it('keeps the invalid_token codes apart at compile time', () => {
    const expired: InvalidTokenCode = 'token_expired';
    // @ts-expect-error a 403 code is not an invalid_token code
    const role: InvalidTokenCode = 'missing_role';
    // @ts-expect-error a request without credentials is no invalid_token
    const missing: InvalidTokenCode = 'missing_token';
    expect([expired, role, missing]).toHaveLength(3);
  });
});

describe('describeAuthError', () => {
  it("names the claim of missing_claim and invalid_claim, never the claim's value", () => {
    expect(describeAuthError('missing_claim', { claim: 'exp' })).toBe(
      'The access token has no "exp" claim',
    );
    expect(describeAuthError('invalid_claim', { claim: 'aud' })).toBe(
      'The access token has an invalid "aud" claim',
    );
    expect(describeAuthError('missing_claim')).toBe('The access token lacks a required claim');
  });

  it('describes a reason by its own words, and falls back to the code for a foreign reason', () => {
    expect(describeAuthError('wrong_token_type', { reason: 'refresh_token' })).toBe(
      'A refresh token cannot be used as a bearer access token',
    );
    expect(describeAuthError('token_expired', { reason: 'refresh_token' })).toBe(
      'The access token expired',
    );
  });

  it('ignores a claim for a code that names none', () => {
    expect(describeAuthError('token_expired', { claim: 'exp' })).toBe('The access token expired');
  });
});
