import { describe, expect, it } from 'vitest';
import { authenticateClient, clientCredentialsProblem } from '../src/client-auth.js';
import { Secret } from '../src/index.js';

describe('authenticateClient', () => {
  it('sends client_secret_basic by default, form-encoding id and secret first (RFC 6749 §2.3.1)', () => {
    const form = new URLSearchParams({ token: 't' });
    const headers = authenticateClient({ clientId: 'orders api', clientSecret: "s:e'cret" }, form);
    expect(headers.authorization).toBe(`Basic ${btoa('orders+api:s%3Ae%27cret')}`);
    expect(form.has('client_secret')).toBe(false);
  });

  it('puts the credentials in the form for client_secret_post, and no header', () => {
    const form = new URLSearchParams({ token: 't' });
    const headers = authenticateClient(
      { clientId: 'orders-api', clientSecret: 'secret', authMethod: 'client_secret_post' },
      form,
    );
    expect(headers).toEqual({});
    expect(form.get('client_id')).toBe('orders-api');
    expect(form.get('client_secret')).toBe('secret');
  });

  it('reveals a wrapped Secret only into the request', () => {
    const form = new URLSearchParams();
    const headers = authenticateClient(
      {
        clientId: 'orders-api',
        clientSecret: new Secret('wrapped'),
        authMethod: 'client_secret_basic',
      },
      form,
    );
    expect(atob(headers.authorization!.slice(6))).toBe('orders-api:wrapped');
  });

  it('encodes a secret outside Latin-1 (btoa alone would throw)', () => {
    const headers = authenticateClient(
      { clientId: 'c', clientSecret: 'パス' },
      new URLSearchParams(),
    );
    expect(atob(headers.authorization!.slice(6))).toBe('c:%E3%83%91%E3%82%B9');
  });
});

describe('clientCredentialsProblem', () => {
  it('says which member is missing or wrong, and nothing for valid credentials', () => {
    expect(clientCredentialsProblem('introspection', { clientSecret: 's' })).toBe(
      'introspection.clientId is required',
    );
    expect(clientCredentialsProblem('introspection', { clientId: 'c', clientSecret: '' })).toBe(
      'introspection.clientSecret is required',
    );
    expect(
      clientCredentialsProblem('tokenSource', {
        clientId: 'c',
        clientSecret: 's',
        authMethod: 'private_key_jwt' as never,
      }),
    ).toMatch(/tokenSource\.authMethod must be/);
    expect(
      clientCredentialsProblem('introspection', { clientId: 'c', clientSecret: 's' }),
    ).toBeUndefined();
  });
});
