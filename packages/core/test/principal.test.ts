import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRole, Principal } from '../src/index.js';
import { bearer, startRealm, type RealmFixture } from './helpers.js';

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

describe('principal.token (relaying the caller token)', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.relay-me.signature';
  const withToken = () => new Principal(claims, 'jwt', { token: TOKEN });

  it('gives the raw access token the principal was verified from', () => {
    expect(withToken().token).toBe(TOKEN);
    expect(new Principal(claims).token).toBeUndefined();
  });

  it('is not an own property: spreading, keys and property lists never see it', () => {
    const principal = withToken();
    expect(Object.keys(principal)).not.toContain('token');
    expect(Object.getOwnPropertyNames(principal)).not.toContain('token');
    expect(JSON.stringify({ ...principal })).not.toContain(TOKEN);
    expect(Object.getOwnPropertyDescriptor(Principal.prototype, 'token')?.enumerable).toBe(false);
  });

  it('is never serialised, inspected, stringified or structured-cloned', () => {
    const principal = withToken();
    expect(JSON.stringify(principal)).not.toContain(TOKEN);
    expect(JSON.stringify({ auth: principal })).not.toContain(TOKEN);
    // (Only a caller who switches the custom inspection off *and* asks for every getter's value,
    // `{ customInspect: false, getters: true }`, would see it.)
    for (const options of [
      {},
      { depth: Infinity, showHidden: true, getters: true },
      { depth: Infinity, showHidden: true, customInspect: false },
    ]) {
      expect(inspect(principal, options)).not.toContain(TOKEN);
      expect(inspect({ auth: principal }, options)).not.toContain(TOKEN);
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what a careless log does
    expect(String(principal)).not.toContain(TOKEN);
    const clone: unknown = structuredClone(principal);
    expect(inspect(clone, { depth: Infinity, showHidden: true, getters: true })).not.toContain(
      TOKEN,
    );
    expect((clone as { token?: unknown }).token).toBeUndefined();
  });

  it('still inspects as a principal with its fields', () => {
    const text = inspect(withToken(), { depth: Infinity });
    expect(text).toMatch(/^Principal \{/);
    expect(text).toContain("username: 'alice'");
    expect(text).toContain('orders:read');
  });
});

describe('principal.token from a verifier', () => {
  let fx: RealmFixture;
  beforeAll(async () => {
    fx = await startRealm();
  });
  afterAll(() => fx.close());

  it('is the bearer token of the request, verified or answered from the token cache', async () => {
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const verifier = fx.verifier();
    const principal = await verifier.authenticate(bearer(token));
    expect(principal.token).toBe(token);
    expect(verifier.cached(bearer(token))?.token).toBe(token);
    expect((await verifier.verify(token)).token).toBe(token);
    expect(JSON.stringify(principal)).not.toContain(token);
    expect(inspect(principal, { depth: Infinity, showHidden: true, getters: true })).not.toContain(
      token,
    );
  });

  it('is each request its own token, never another one', async () => {
    const verifier = fx.verifier();
    const alice = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const bob = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    expect((await verifier.verify(alice)).token).toBe(alice);
    expect((await verifier.verify(bob)).token).toBe(bob);
  });
});

describe('principal.toJSON() never throws (issue 9 item 10)', () => {
  it.each([1e300, -1e300, Number.MAX_VALUE, 8.64e12 + 1, Infinity, Number.NaN])(
    'exp %s: res.json(req.auth) still works, without expiresAt',
    (exp) => {
      const principal = new Principal({ ...claims, exp });
      expect(() => JSON.stringify(principal)).not.toThrow();
      const json = JSON.parse(JSON.stringify(principal)) as Record<string, unknown>;
      expect(json.username).toBe('alice');
      expect(json).not.toHaveProperty('expiresAt');
      expect(() => inspect(principal)).not.toThrow();
    },
  );

  it('keeps expiresAt for the largest representable exp', () => {
    const json = new Principal({ ...claims, exp: 8.64e12 }).toJSON();
    expect(json.expiresAt).toBe('+275760-09-13T00:00:00.000Z');
  });
});
