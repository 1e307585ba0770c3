import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { role, scope, type VerifierOptions } from '../src/index.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const introspection = (extra: Partial<NonNullable<VerifierOptions['introspection']>> = {}) => ({
  introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET, ...extra },
});
const mapped = { user: 'alice', client: 'orders-web-mapped' };

/** A fetch that counts the introspection requests in flight at once. */
function concurrencyProbe() {
  const probe = { inFlight: 0, max: 0 };
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const counted = url.endsWith('/token/introspect');
    if (counted) probe.max = Math.max(probe.max, ++probe.inFlight);
    try {
      return await fetch(input, init);
    } finally {
      if (counted) probe.inFlight--;
    }
  };
  return { probe, fetchImpl };
}

describe('introspection (RFC 7662)', () => {
  it('verifies an opaque token through the issuer introspection endpoint', async () => {
    const verifier = fx.verifier(introspection());
    const principal = await verifier.verify(await fx.realm.opaqueToken(mapped));
    expect(principal.source).toBe('introspection');
    expect(principal.username).toBe('alice');
    expect(principal.hasRole('admin')).toBe(true);
    expect(fx.realm.counters.get('introspect')).toBe(1);
  });

  it('rejects an opaque token when introspection is not configured, without calling anyone', async () => {
    const error = await rejection(fx.verifier().verify(await fx.realm.opaqueToken(mapped)));
    expect(error.code).toBe('malformed_token');
    expect(fx.realm.counters.get('introspect')).toBe(0);
  });

  it('answers active:false with 401 invalid_token', async () => {
    const token = await fx.realm.opaqueToken(mapped);
    fx.realm.revoke(token);
    const error = await rejection(fx.verifier(introspection()).verify(token));
    expect(error.status).toBe(401);
    expect(error.code).toBe('token_inactive');
  });

  it('applies the audience policy to an active answer', async () => {
    const token = await fx.realm.opaqueToken({
      user: 'alice',
      client: 'orders-web',
      claims: { aud: 'account' },
    });
    const error = await rejection(fx.verifier(introspection()).verify(token));
    expect(error.code).toBe('audience_mismatch');
  });

  it('refuses an active answer whose nbf is ahead of the clock, as the JWT path does', async () => {
    const nbf = Math.floor(fx.clock.now() / 1000) + 60;
    const token = await fx.realm.opaqueToken({ ...mapped, claims: { nbf } });
    const error = await rejection(fx.verifier(introspection()).verify(token));
    expect(error.code).toBe('token_not_yet_valid');
    const tolerant = fx.verifier({ ...introspection(), clockTolerance: 60 });
    await expect(tolerant.verify(token)).resolves.toBeDefined();
  });

  it.each([
    ['ID', 'An ID token cannot be used as a bearer access token'],
    ['Refresh', 'A refresh token cannot be used as a bearer access token'],
  ])(
    'names the kind of an active answer whose typ is %s, as the JWT path does',
    async (typ, text) => {
      // Keycloak answers active:false for these; another provider may answer with their claims.
      const exp = Math.floor(fx.clock.now() / 1000) + 300;
      const body = { active: true, iss: fx.realm.issuer, exp, aud: 'orders-api', sub: 'u1', typ };
      fx.realm.faults.set('introspect', {
        type: 'status',
        status: 200,
        body: JSON.stringify(body),
      });
      const token = 'opaque-token-0123456789abcdef';
      const error = await rejection(fx.verifier(introspection()).verify(token));
      expect(error.code).toBe('wrong_token_type');
      expect(error.description).toBe(text);
    },
  );

  it('authenticates with client_secret_post too', async () => {
    const verifier = fx.verifier(introspection({ authMethod: 'client_secret_post' }));
    await expect(verifier.verify(await fx.realm.opaqueToken(mapped))).resolves.toBeDefined();
  });

  it('shares one introspection call among 100 concurrent requests with one new opaque token', async () => {
    const verifier = fx.verifier(introspection());
    const token = await fx.realm.opaqueToken(mapped);
    fx.realm.counters.reset();
    const principals = await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token)));
    expect(new Set(principals.map((p) => p.username))).toEqual(new Set(['alice']));
    expect(fx.realm.counters.get('introspect')).toBe(1);
  });

  it('never has more than the cap in flight for 1,000 distinct junk tokens', async () => {
    const { probe, fetchImpl } = concurrencyProbe();
    const verifier = fx.verifier({ ...introspection({ maxConcurrent: 8 }), fetch: fetchImpl });
    fx.realm.faults.set('introspect', { type: 'slow', ms: 20 });
    const junk = Array.from({ length: 1000 }, (_, i) => `junk${i}${'x'.repeat(28)}`);
    const errors = await Promise.all(junk.map((token) => rejection(verifier.verify(token))));
    expect(errors.every((e) => e.status === 401 || e.status === 503)).toBe(true);
    expect(probe.max).toBeGreaterThan(1);
    expect(probe.max).toBeLessThanOrEqual(8);
  });

  it('sends junk that fails the shape check to nobody', async () => {
    const verifier = fx.verifier(introspection());
    for (const junk of ['short', 'has spaces in it but is long', 'a.b.c', '%%%%%%%%%%%%%%%%%%%%']) {
      expect((await rejection(verifier.verify(junk))).status).toBe(401);
    }
    expect(fx.realm.counters.get('introspect')).toBe(0);
  });

  it('caches an answer up to cacheTtl, never beyond exp', async () => {
    const verifier = fx.verifier({ ...introspection({ cacheTtl: 30_000 }), cache: false });
    const token = await fx.realm.opaqueToken({ ...mapped, lifetime: 300 });
    await verifier.verify(token);
    fx.clock.advance(29_000);
    await verifier.verify(token);
    expect(fx.realm.counters.get('introspect')).toBe(1);
    fx.clock.advance(2_000);
    await verifier.verify(token);
    expect(fx.realm.counters.get('introspect')).toBe(2);
    const shortLived = await fx.realm.opaqueToken({ ...mapped, lifetime: 10 });
    await verifier.verify(shortLived);
    fx.clock.advance(11_000);
    expect((await rejection(verifier.verify(shortLived))).status).toBe(401);
    expect(fx.realm.counters.get('introspect')).toBe(4);
  });

  it('caches inactive answers briefly', async () => {
    const verifier = fx.verifier(introspection({ negativeCacheTtl: 5_000 }));
    const token = await fx.realm.opaqueToken(mapped);
    fx.realm.revoke(token);
    await rejection(verifier.verify(token));
    await rejection(verifier.verify(token));
    expect(fx.realm.counters.get('introspect')).toBe(1);
    fx.clock.advance(5_001);
    await rejection(verifier.verify(token));
    expect(fx.realm.counters.get('introspect')).toBe(2);
  });

  it('answers bad client credentials with a 503 and a configuration event, never a 401', async () => {
    const verifier = fx.verifier(introspection({ clientSecret: 'wrong' }));
    const error = await rejection(verifier.verify(await fx.realm.opaqueToken(mapped)));
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBeDefined();
    const problem = fx.events.find((e) => e.type === 'configuration_problem');
    expect(problem && 'hint' in problem ? problem.hint : '').toMatch(
      /refused the introspection client "orders-api" \(HTTP 401\)/,
    );
  });

  it('answers 503 with Retry-After when the IdP is down, never 401', async () => {
    fx.realm.faults.set('introspect', { type: 'refuse' });
    const error = await rejection(
      fx.verifier(introspection()).verify(await fx.realm.opaqueToken(mapped)),
    );
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBe('1');
  });

  it('times out a hanging introspection call with a 503', async () => {
    fx.realm.faults.set('introspect', { type: 'hang' });
    const verifier = fx.verifier({ ...introspection(), timeout: 300 });
    expect((await rejection(verifier.verify(await fx.realm.opaqueToken(mapped)))).status).toBe(503);
  });
});

describe('Keycloak lightweight access tokens', () => {
  // As Keycloak issues them when the Audience mapper has "Add to lightweight access token" on.
  const lightweight = { ...mapped, lightweight: true, claims: { aud: 'orders-api' } };

  it('verify locally with no introspection call while no role is needed (completeLightweight lazy)', async () => {
    const verifier = fx.verifier(introspection({ completeLightweight: 'lazy' }));
    const principal = await verifier.verify(await fx.realm.accessToken(lightweight));
    await Promise.resolve(scope('email').check(principal)).catch(() => undefined);
    expect(principal.incomplete).toBe(true);
    expect(principal.realmRoles).toEqual([]);
    expect(fx.realm.counters.get('introspect')).toBe(0);
  });

  it('are completed from introspection when a route needs roles', async () => {
    const verifier = fx.verifier(introspection());
    const principal = await verifier.verify(await fx.realm.accessToken(lightweight));
    await role('admin').check(principal);
    await role('orders-api:editor').check(principal);
    expect(fx.realm.counters.get('introspect')).toBe(1);
    const full = await principal.complete();
    expect(full.subject).toBe(fx.realm.user('alice').id);
    expect(full.issuer).toBe(principal.issuer);
    expect(full.expiresAt).toEqual(principal.expiresAt);
  });

  it('take their audience from introspection when they carry no aud', async () => {
    const verifier = fx.verifier(introspection());
    const token = await fx.realm.accessToken({ ...mapped, lightweight: true });
    expect(
      JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))),
    ).not.toHaveProperty('aud');
    const principal = await verifier.verify(token);
    expect(principal.audience).toContain('orders-api');
    expect(principal.hasRole('admin')).toBe(true);
    expect(fx.realm.counters.get('introspect')).toBe(1);
    // Without introspection the audience cannot be shown: rejected.
    expect((await rejection(fx.verifier().verify(token))).code).toBe('audience_mismatch');
  });

  it('deny a role the full token lacks', async () => {
    const verifier = fx.verifier(introspection());
    const principal = await verifier.verify(
      await fx.realm.accessToken({ ...lightweight, user: 'bob' }),
    );
    const error = await rejection(Promise.resolve(role('admin').check(principal)));
    expect(error.status).toBe(403);
  });
});

describe('Keycloak lightweight access tokens: complete before the handler (completeLightweight)', () => {
  const lightweight = { ...mapped, lightweight: true, claims: { aud: 'orders-api' } };

  it('are complete by default, even with an aud that passes locally: one cached introspection', async () => {
    const verifier = fx.verifier({ ...introspection(), cache: false });
    const token = await fx.realm.accessToken(lightweight);
    const principal = await verifier.verify(token);
    expect(principal.incomplete).toBe(false);
    expect(principal.subject).toBe(fx.realm.user('alice').id);
    expect(principal.username).toBe('alice');
    expect(principal.hasRole('admin')).toBe(true);
    await verifier.verify(token);
    expect(fx.realm.counters.get('introspect')).toBe(1);
  });

  it('stay incomplete with completeLightweight lazy until a role is checked', async () => {
    const verifier = fx.verifier(introspection({ completeLightweight: 'lazy' }));
    const principal = await verifier.verify(await fx.realm.accessToken(lightweight));
    expect(principal.subject).toBeUndefined();
    expect(fx.realm.counters.get('introspect')).toBe(0);
    expect((await principal.complete()).subject).toBe(fx.realm.user('alice').id);
    expect(fx.realm.counters.get('introspect')).toBe(1);
  });

  it('are refused for an aud of their own that fails the policy, without a call', async () => {
    const verifier = fx.verifier(introspection());
    const token = await fx.realm.accessToken({ ...lightweight, claims: { aud: 'account' } });
    expect((await rejection(verifier.verify(token))).code).toBe('audience_mismatch');
    expect(fx.realm.counters.get('introspect')).toBe(0);
  });

  it('validates completeLightweight with a clear message', () => {
    expect(() =>
      fx.verifier(introspection({ completeLightweight: 'sometimes' as 'lazy' })),
    ).toThrow(/introspection\.completeLightweight must be "eager" .* or "lazy"/);
  });
});

describe('Keycloak lightweight access tokens without introspection', () => {
  const lightweight = { ...mapped, lightweight: true, claims: { aud: 'orders-api' } };
  const problems = () =>
    fx.events.flatMap((e) => (e.type === 'configuration_problem' ? [e.hint] : []));

  it('get a 403 and an event that say the token is lightweight and introspection is needed', async () => {
    const principal = await fx.verifier().verify(await fx.realm.accessToken(lightweight));
    const error = await rejection(Promise.resolve(role('admin').check(principal)));
    expect(error.status).toBe(403);
    expect(error.code).toBe('lightweight_token');
    expect(error.description).toMatch(/Keycloak lightweight access token/);
    expect(error.hint).toMatch(/Configure the introspection option/);
    expect(error.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    expect(problems()).toEqual([expect.stringMatching(/lightweight access tokens.*introspection/)]);
    // Once a minute, not once a request.
    await rejection(Promise.resolve(role('admin').check(principal)));
    expect(problems()).toHaveLength(1);
  });

  it('say which introspection.use is missing when introspection leaves them out', async () => {
    const verifier = fx.verifier(introspection({ use: 'opaque' }));
    const principal = await verifier.verify(await fx.realm.accessToken(lightweight));
    const error = await rejection(Promise.resolve(role('admin').check(principal)));
    expect(error.code).toBe('lightweight_token');
    expect(error.hint).toMatch(/Add "lightweight" to introspection\.use/);
  });

  it('leave other tokens without roles with the plain 403', async () => {
    const token = await fx.realm.accessToken({
      ...mapped,
      claims: { realm_access: undefined, resource_access: undefined },
    });
    const principal = await fx.verifier().verify(token);
    expect(principal.incomplete).toBe(false);
    const error = await rejection(Promise.resolve(role('admin').check(principal)));
    expect(error.code).toBe('missing_role');
    expect(problems()).toEqual([]);
  });
});

describe('Keycloak 26.6.2 introspection audience rule', () => {
  it('explains active:false for a token whose aud lacks the introspecting client', async () => {
    const kc26 = await startRealm({ profile: 'kc26_6_2' });
    try {
      const verifier = kc26.verifier({ audience: false, ...introspection({ use: 'always' }) });
      const token = await kc26.realm.accessToken({ ...mapped, claims: { aud: 'account' } });
      const error = await rejection(verifier.verify(token));
      expect(error.code).toBe('token_inactive');
      expect(error.hint).toMatch(/Keycloak 26\.6\.2 and later/);
      expect(error.hint).toMatch(/Audience mapper for "orders-api"/);
      // With orders-api in aud, the same realm says active.
      await expect(verifier.verify(await kc26.realm.accessToken(mapped))).resolves.toBeDefined();
    } finally {
      await kc26.close();
    }
  });
});

describe('introspection in always mode', () => {
  it('rejects a token of a logged-out session after cacheTtl, and accepts it before', async () => {
    const verifier = fx.verifier(introspection({ use: 'always', cacheTtl: 10_000 }));
    const token = await fx.realm.accessToken({ ...mapped, sid: 'session-1' });
    await verifier.verify(token);
    fx.realm.sessions.logout('session-1');
    fx.clock.advance(9_000);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    fx.clock.advance(1_001);
    const error = await rejection(verifier.verify(token));
    expect(error.code).toBe('token_inactive');
  });
});
