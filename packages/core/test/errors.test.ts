import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from '../src/index.js';
import { inRealm, invalidToken } from '../src/errors.js';

describe('AuthError', () => {
  it('maps each OAuth error to its HTTP status', () => {
    expect(
      new AuthError({ code: 'malformed_authorization', error: 'invalid_request', description: 'x' })
        .status,
    ).toBe(400);
    expect(new AuthError({ code: 'token_expired', description: 'x' }).status).toBe(401);
    expect(
      new AuthError({ code: 'missing_role', error: 'insufficient_scope', description: 'x' }).status,
    ).toBe(403);
    expect(
      new AuthError({ code: 'idp_unavailable', error: 'temporarily_unavailable', description: 'x' })
        .status,
    ).toBe(503);
  });

  it('answers a request without credentials with a bare Bearer challenge and no error attribute', () => {
    const error = new AuthError({
      code: 'missing_token',
      description: 'Authentication is required',
      realm: 'acme',
    });
    expect(error.status).toBe(401);
    expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="acme"' });
    expect(error.body).toEqual({ error_description: 'Authentication is required' });
  });

  it('writes the RFC 6750 WWW-Authenticate header for invalid_token', () => {
    const error = new AuthError({
      code: 'token_expired',
      description: 'The access token expired',
      realm: 'acme',
    });
    expect(error.headers['www-authenticate']).toBe(
      'Bearer realm="acme", error="invalid_token", error_description="The access token expired"',
    );
    expect(error.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token expired',
    });
  });

  it('escapes quotes and backslashes in WWW-Authenticate quoted strings', () => {
    const error = new AuthError({
      code: 'missing_role',
      error: 'insufficient_scope',
      description: 'Requires "a\\b"',
      realm: 'my "realm"',
    });
    expect(error.headers['www-authenticate']).toBe(
      'Bearer realm="my \\"realm\\"", error="insufficient_scope", error_description="Requires \\"a\\\\b\\""',
    );
  });

  it('names the required scope in a 403 challenge', () => {
    const error = new AuthError({
      code: 'missing_scope',
      error: 'insufficient_scope',
      description: 'Requires scope',
      scope: 'orders:read orders:write',
    });
    expect(error.headers['www-authenticate']).toContain('scope="orders:read orders:write"');
  });

  it('sends Retry-After instead of a challenge on 503', () => {
    const error = new AuthError({
      code: 'idp_unavailable',
      error: 'temporarily_unavailable',
      description: 'down',
      retryAfter: 2.2,
    });
    expect(error.headers).toEqual({ 'retry-after': '3' });
    expect(error.body.error).toBe('temporarily_unavailable');
  });

  it('carries an operator hint in the body when it has one', () => {
    const error = new AuthError({
      code: 'audience_mismatch',
      description: 'x',
      hint: 'Add an Audience mapper',
    });
    expect(error.hint).toBe('Add an Audience mapper');
    expect(error.body).toEqual({
      error: 'invalid_token',
      error_description: 'x',
      hint: 'Add an Audience mapper',
    });
  });

  it('is recognised by isAuthError, also across package copies', () => {
    expect(isAuthError(new AuthError({ code: 'token_expired', description: 'x' }))).toBe(true);
    expect(isAuthError({ name: 'AuthError', status: 401 })).toBe(true);
    expect(isAuthError(new Error('x'))).toBe(false);
  });
});

describe('AuthError from its code alone', () => {
  it('takes its OAuth error, status and description from the code', () => {
    const error = new AuthError({ code: 'token_expired' });
    expect(error).toMatchObject({
      error: 'invalid_token',
      status: 401,
      description: 'The access token expired',
      message: 'The access token expired',
    });
    expect(new AuthError({ code: 'idp_unavailable', retryAfter: 2 }).body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The identity provider is temporarily unavailable; try again later',
    });
  });

  it('lets the code decide the OAuth error over a contradicting deprecated error option', () => {
    const error = new AuthError({ code: 'missing_role', error: 'invalid_token' });
    expect(error.status).toBe(403);
    expect(error.error).toBe('insufficient_scope');
  });

  it('carries the claim and reason as fields, so that callers need not parse messages', () => {
    const missing = invalidToken('missing_claim', { claim: 'exp' });
    expect(missing.claim).toBe('exp');
    expect(missing.description).toBe('The access token has no "exp" claim');
    const refresh = invalidToken('wrong_token_type', { reason: 'refresh_token' });
    expect(refresh.reason).toBe('refresh_token');
    expect(refresh.toJSON()).toMatchObject({ code: 'wrong_token_type', reason: 'refresh_token' });
  });

  it('keeps a description given explicitly', () => {
    expect(
      invalidToken('weak_key', 'The access token is signed with a 1024-bit RSA key'),
    ).toMatchObject({
      code: 'weak_key',
      description: 'The access token is signed with a 1024-bit RSA key',
    });
  });
});

describe('the realm of an AuthError', () => {
  it('is set at construction and "api" by default', () => {
    expect(new AuthError({ code: 'missing_token' }).headers['www-authenticate']).toBe(
      'Bearer realm="api"',
    );
    expect(new AuthError({ code: 'missing_token', realm: 'acme' }).realm).toBe('acme');
  });

  it('is changed by a copy, never by changing the error', () => {
    const cause = new Error('socket hang up');
    const error = new AuthError({ code: 'idp_unavailable', retryAfter: 3, cause });
    const copy = error.withRealm('acme');
    expect(copy).not.toBe(error);
    expect(error.realm).toBe('api');
    expect(copy).toMatchObject({ realm: 'acme', code: 'idp_unavailable', retryAfter: 3, cause });
    expect(copy.stack).toBe(error.stack);
    expect(copy.withRealm('acme')).toBe(copy);
  });

  it('keeps the claim, reason, hint and scope in the copy', () => {
    const error = new AuthError({ code: 'missing_scope', scope: 'openid', hint: 'h' });
    expect(error.withRealm('acme')).toMatchObject({ scope: 'openid', hint: 'h' });
    const claim = invalidToken('invalid_claim', { claim: 'aud' }).withRealm('acme');
    expect(claim).toMatchObject({
      claim: 'aud',
      description: 'The access token has an invalid "aud" claim',
    });
  });

  it('leaves what is not an AuthError as it is (inRealm)', () => {
    const bug = new TypeError('x');
    expect(inRealm(bug, 'acme')).toBe(bug);
    expect((inRealm(new AuthError({ code: 'token_expired' }), 'acme') as AuthError).realm).toBe(
      'acme',
    );
  });
});
