import { describe, expect, it } from 'vitest';
import { AuthError, isAuthError } from '../src/index.js';

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
    });
    error.realm = 'acme';
    expect(error.status).toBe(401);
    expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="acme"' });
    expect(error.body).toEqual({ error_description: 'Authentication is required' });
  });

  it('writes the RFC 6750 WWW-Authenticate header for invalid_token', () => {
    const error = new AuthError({ code: 'token_expired', description: 'The access token expired' });
    error.realm = 'acme';
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
    });
    error.realm = 'my "realm"';
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
