// api.test.ts: an API protected by realmguard, tested against the Keycloak-shaped test realm of
// @realmguard/testing, in-process (no port) and over real HTTP.
import { createGuard, role, type VerifierOptions } from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen, type ListeningKeycloak } from '@realmguard/testing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The API under test. In your project it lives in src/ and takes the verifier options (or a
// verifier) from its caller, so that tests can point it at the test realm.
function createApi(options: VerifierOptions): (request: Request) => Promise<Response> {
  const guard = createGuard(options);
  return async (request) => {
    const result = await guard(request, role('admin'));
    if (result instanceof Response) return result; // 401/403/400/503 with RFC 6750 headers
    return Response.json({ hello: result.username });
  };
}

function get(token?: string): Request {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return new Request('http://api.test/admin', { headers });
}

describe('in-process: realmguard reaches the realm through kc.fetch', () => {
  const kc = createTestKeycloak();
  let realm: TestRealm;
  let api: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    realm = await kc.createRealm(); // the demo realm "acme": alice is an admin, bob is not
    api = createApi({ issuer: realm.issuer, audience: 'orders-api', fetch: kc.fetch });
  });

  it('lets an admin in', async () => {
    const token = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const response = await api(get(token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'alice' });
  });

  it('answers 403 to a user without the role', async () => {
    const token = await realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const response = await api(get(token));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('answers 401 to an expired token and to a request without one', async () => {
    const expired = await realm.adversarial.expired(60, { client: 'orders-web-mapped' });
    expect((await api(get(expired))).status).toBe(401);
    const anonymous = await api(get());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="acme"');
  });

  it('answers 503 when Keycloak is down and nothing is cached', async () => {
    const cold = createApi({ issuer: realm.issuer, audience: 'orders-api', fetch: kc.fetch });
    const token = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    realm.faults.set('discovery', { type: 'refuse' });
    try {
      const response = await cold(get(token));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).not.toBeNull();
    } finally {
      realm.faults.clear();
    }
  });
});

describe('over HTTP: realmguard uses its own fetch against listen()', () => {
  const kc = createTestKeycloak();
  let server: ListeningKeycloak;
  let realm: TestRealm;
  let api: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    server = await listen(kc); // first: the issuer follows the base URL, http://127.0.0.1:PORT
    realm = await kc.createRealm();
    api = createApi({ issuer: realm.issuer, audience: 'orders-api' });
  });
  afterAll(() => server.close());

  it('lets an admin in', async () => {
    const token = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const response = await api(get(token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'alice' });
  });

  it('refuses an ID token sent as the bearer token', async () => {
    const idToken = await realm.idToken({ user: 'alice', client: 'orders-web-mapped' });
    const response = await api(get(idToken));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });
});
