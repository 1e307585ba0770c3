import { describe, expect, it } from 'vitest';
import { parseRole, Principal } from '../src/index.js';

const claims = {
  exp: 1_900_000_000,
  iss: 'https://sso.example.com/realms/acme',
  aud: ['orders-api', 'account'],
  sub: '7f3c9a52-0c4e-4d43-9a8b-3f1f3b6b8a10',
  typ: 'Bearer',
  azp: 'orders-web',
  preferred_username: 'alice',
  realm_access: { roles: ['default-roles-acme', 'admin'] },
  resource_access: { 'orders-api': { roles: ['editor'] }, account: { roles: ['view-profile'] } },
  scope: 'openid email orders:read',
};

describe('Principal', () => {
  it('exposes subject, username, issuer, audience, azp and expiry', () => {
    const principal = new Principal(claims);
    expect(principal).toMatchObject({
      subject: claims.sub,
      username: 'alice',
      issuer: claims.iss,
      audience: ['orders-api', 'account'],
      authorizedParty: 'orders-web',
      source: 'jwt',
    });
    expect(principal.expiresAt.getTime()).toBe(1_900_000_000_000);
  });

  it('reads realm roles, client roles and scopes', () => {
    const principal = new Principal(claims);
    expect(principal.realmRoles).toEqual(['default-roles-acme', 'admin']);
    expect(principal.clientRoles('orders-api')).toEqual(['editor']);
    expect(principal.clientRoles('nobody')).toEqual([]);
    expect(principal.clientRoles('__proto__')).toEqual([]);
    expect(principal.scopes).toEqual(['openid', 'email', 'orders:read']);
    expect(principal.hasScope('orders:read')).toBe(true);
    expect(principal.hasScope('orders')).toBe(false);
  });

  it('checks realm roles written as "admin" or "realm:admin" and client roles as "client:role"', () => {
    const principal = new Principal(claims);
    expect(principal.hasRole('admin')).toBe(true);
    expect(principal.hasRole('realm:admin')).toBe(true);
    expect(principal.hasRole('orders-api:editor')).toBe(true);
    expect(principal.hasRole('orders-api:admin')).toBe(false);
    expect(principal.hasRole('editor')).toBe(false);
    expect(principal.hasRole({ client: 'account', role: 'view-profile' })).toBe(true);
  });

  it('splits client role specs at the last colon so client ids may contain colons', () => {
    expect(parseRole('urn:app:orders:editor')).toEqual({
      kind: 'client',
      client: 'urn:app:orders',
      role: 'editor',
    });
    expect(parseRole({ realm: 'a:b' })).toEqual({ kind: 'realm', role: 'a:b' });
  });

  it('treats a lightweight token without sub or roles as having none', () => {
    const principal = new Principal({
      exp: 1,
      iss: 'x',
      typ: 'Bearer',
      azp: 'orders-web',
      scope: '',
    });
    expect(principal.subject).toBeUndefined();
    expect(principal.realmRoles).toEqual([]);
    expect(principal.scopes).toEqual([]);
    expect(principal.hasRole('admin')).toBe(false);
  });

  it('falls back to client_id for service accounts without preferred_username', () => {
    expect(new Principal({ exp: 1, client_id: 'billing-worker' }).username).toBe('billing-worker');
  });

  it('reads scp arrays from other OpenID Providers', () => {
    expect(new Principal({ exp: 1, scp: ['a', 'b'] }).scopes).toEqual(['a', 'b']);
  });

  it('is immutable and serialises without the raw claims', () => {
    const principal = new Principal(claims);
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.claims)).toBe(true);
    expect(JSON.stringify(principal)).not.toContain('resource_access');
  });
});
