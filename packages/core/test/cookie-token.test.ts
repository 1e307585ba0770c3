import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/index.js';
import { cookieOption, cookieTokens } from '../src/cookie-token.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

describe('cookieTokens', () => {
  it('finds the named cookie among others, trimmed and unquoted', () => {
    expect(cookieTokens('theme=dark; KEYCLOAK_JWT=abc.def.ghi; lang=en', 'KEYCLOAK_JWT')).toEqual([
      'abc.def.ghi',
    ]);
    expect(cookieTokens('KEYCLOAK_JWT="abc.def"', 'KEYCLOAK_JWT')).toEqual(['abc.def']);
    expect(cookieTokens('keycloak_jwt=x; XKEYCLOAK_JWT=y', 'KEYCLOAK_JWT')).toEqual([]);
    expect(cookieTokens(undefined, 'KEYCLOAK_JWT')).toEqual([]);
  });

  it('returns every occurrence, across several Cookie headers too', () => {
    expect(cookieTokens('t=a; t=b', 't')).toEqual(['a', 'b']);
    expect(cookieTokens(['t=a', 'other=1; t=b'], 't')).toEqual(['a', 'b']);
    expect(cookieTokens('t=', 't')).toEqual(['']);
  });

  it('validates the option as a cookie name', () => {
    expect(cookieOption('KEYCLOAK_JWT')).toBe('KEYCLOAK_JWT');
    expect(cookieOption(undefined)).toBeUndefined();
    for (const bad of ['', 'a b', 'a;b', 'a=b', 42]) {
      expect(() => cookieOption(bad)).toThrow(ConfigurationError);
    }
  });
});

describe('the cookie token source', () => {
  let fx: RealmFixture;
  let token: string;
  beforeAll(async () => {
    fx = await startRealm();
    token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
  });
  afterAll(() => fx.close());

  const withCookie = () => fx.verifier({ cookie: 'KEYCLOAK_JWT' });

  it('authenticates a token from the configured cookie (Node and Fetch headers)', async () => {
    const cookie = `theme=dark; KEYCLOAK_JWT=${token}`;
    expect((await withCookie().authenticate({ headers: { cookie } })).username).toBe('alice');
    const headers = new Headers({ Cookie: cookie });
    expect((await withCookie().authenticate({ headers })).username).toBe('alice');
  });

  it('is opt-in: without the option the cookie is not a credential', async () => {
    const error = await rejection(
      fx.verifier().authenticate({ headers: { cookie: `KEYCLOAK_JWT=${token}` } }),
    );
    expect(error.code).toBe('missing_token');
  });

  it('answers a header and the cookie together with 400 invalid_request, as header + query', async () => {
    const error = await rejection(
      withCookie().authenticate({
        headers: { authorization: `Bearer ${token}`, cookie: `KEYCLOAK_JWT=${token}` },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('multiple_tokens');
    expect(error.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('answers the cookie twice with 400, and an empty cookie with 401 invalid_token', async () => {
    const twice = await rejection(
      withCookie().authenticate({ headers: { cookie: `KEYCLOAK_JWT=${token}; KEYCLOAK_JWT=x` } }),
    );
    expect(twice.code).toBe('multiple_tokens');
    const empty = await rejection(
      withCookie().authenticate({ headers: { cookie: 'KEYCLOAK_JWT=' } }),
    );
    expect(empty.status).toBe(401);
    expect(empty.code).toBe('empty_token');
  });

  it('still reads the Authorization header when the request has no such cookie', async () => {
    const principal = await withCookie().authenticate({
      headers: { authorization: `Bearer ${token}`, cookie: 'theme=dark' },
    });
    expect(principal.username).toBe('alice');
  });

  it('does not let the cache fast path skip the one-credential rule', async () => {
    const verifier = withCookie();
    const headers = { authorization: `Bearer ${token}` };
    await verifier.authenticate({ headers }); // the header token is now cached
    expect(verifier.cached({ headers: { ...headers, cookie: `KEYCLOAK_JWT=${token}` } })).toBe(
      undefined,
    );
    const error = await rejection(
      verifier.authenticate({ headers: { ...headers, cookie: `KEYCLOAK_JWT=${token}` } }),
    );
    expect(error.code).toBe('multiple_tokens');
  });

  it('refuses an invalid cookie option at construction', () => {
    expect(() => fx.verifier({ cookie: 'bad name' })).toThrow(/cookie must be the name/);
  });
});
