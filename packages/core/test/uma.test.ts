import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permission } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const bob = () => fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
const alice = () => fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });

describe('Keycloak Authorization Services (UMA) decisions', () => {
  it('allows a permission Keycloak grants and denies one it does not, with a 403', async () => {
    const verifier = fx.verifier();
    const principal = await verifier.verify(await bob());
    await expect(
      Promise.resolve(permission('orders#read').check(principal)),
    ).resolves.toBeUndefined();
    const error = await rejection(Promise.resolve(permission('orders#cancel').check(principal)));
    expect(error.status).toBe(403);
    expect(error.code).toBe('missing_permission');
    expect(error.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'Requires permission "orders#cancel"',
    });
  });

  it('checkPermission() throws 403 on denial and resolves on a grant', async () => {
    const verifier = fx.verifier();
    await expect(verifier.checkPermission(await alice(), 'orders#cancel')).resolves.toBeUndefined();
    expect((await rejection(verifier.checkPermission(await bob(), 'orders#cancel'))).status).toBe(
      403,
    );
  });

  it('caches decisions per token and permission', async () => {
    const verifier = fx.verifier();
    const token = await bob();
    fx.realm.counters.reset();
    await verifier.checkPermission(token, 'orders#read');
    await verifier.checkPermission(token, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(1);
    await rejection(verifier.checkPermission(token, 'orders#cancel'));
    await rejection(verifier.checkPermission(token, 'orders#cancel'));
    expect(fx.realm.counters.get('token')).toBe(2);
    const other = await bob();
    await verifier.checkPermission(other, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(3);
  });

  it('never reuses a decision beyond the decision TTL', async () => {
    const verifier = fx.verifier({ uma: { cacheTtl: 5_000 } });
    const token = await bob();
    fx.realm.counters.reset();
    await verifier.checkPermission(token, 'orders#read');
    fx.clock.advance(5_001);
    await verifier.checkPermission(token, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(2);
  });

  it('lists granted permissions', async () => {
    const permissions = await fx.verifier().permissions(await bob());
    expect(permissions).toEqual([expect.objectContaining({ rsname: 'orders', scopes: ['read'] })]);
  });

  it('answers 401 when Keycloak no longer accepts the token', async () => {
    const verifier = fx.verifier();
    const token = await fx.realm.accessToken({
      user: 'bob',
      client: 'orders-web-mapped',
      sid: 'uma-session',
    });
    const principal = await verifier.verify(token);
    fx.realm.sessions.logout('uma-session');
    const error = await rejection(principal.hasPermission('orders#read'));
    expect(error.status).toBe(401);
    expect(error.code).toBe('token_inactive');
    expect(error.headers['www-authenticate']).toContain('realm="acme"');
  });

  it('answers 503 when the token endpoint is down', async () => {
    fx.realm.faults.set('token', { type: 'status', status: 502, once: true });
    const error = await rejection(fx.verifier().checkPermission(await bob(), 'orders#read'));
    expect(error.status).toBe(503);
  });
});

describe('definitive UMA answers are decisions or configuration problems, never outages', () => {
  const problems = () =>
    fx.events.flatMap((e) => (e.type === 'configuration_problem' ? [e.hint] : []));

  it('denies a permission naming an unknown resource or scope: 403 and a configuration_problem', async () => {
    fx.events.length = 0;
    const verifier = fx.verifier();
    const principal = await verifier.verify(await alice());
    for (const typo of ['ordres#read', 'orders#raed', '#nothing']) {
      const error = await rejection(Promise.resolve(permission(typo).check(principal)));
      expect(error.status, typo).toBe(403);
      expect(error.code).toBe('missing_permission');
      expect(error.body).toEqual({
        error: 'insufficient_scope',
        error_description: `Requires permission "${typo}"`,
      });
      expect(problems().some((hint) => hint.includes(`"${typo}"`))).toBe(true);
    }
    expect(problems().find((hint) => hint.includes('ordres#read'))).toMatch(/resource/);
    expect(problems().find((hint) => hint.includes('orders#raed'))).toMatch(/scope/);
    // The same typo again: answered from the cache, and not reported again.
    const reported = problems().length;
    await rejection(Promise.resolve(permission('ordres#read').check(principal)));
    expect(problems().length).toBe(reported);
  });

  it('answers 500 for a resource server without Authorization Services, and tells the operator', async () => {
    fx.events.length = 0;
    const verifier = fx.verifier({ uma: { audience: 'billing-worker' } });
    const principal = await verifier.verify(await alice());
    fx.realm.counters.reset();
    const error = await rejection(principal.hasPermission('orders#read'));
    expect(error.status).toBe(500);
    expect(error.code).toBe('server_misconfigured');
    expect(error.body).toEqual({
      error: 'server_error',
      error_description:
        'The server could not check this request because of a configuration problem',
    });
    expect(error.headers).toEqual({});
    expect(problems()).toEqual([expect.stringMatching(/"billing-worker".*Authorization Services/)]);
    // Meanwhile: 500 without asking again, and no second event.
    for (const wanted of ['orders#read', 'orders#write', 'reports#view']) {
      expect((await rejection(principal.hasPermission(wanted))).status).toBe(500);
    }
    expect(fx.realm.counters.get('token')).toBe(1);
    expect(problems()).toHaveLength(1);
  });

  it('reads the older 403 "Client does not support permissions" as the same misconfiguration', async () => {
    fx.events.length = 0;
    const verifier = fx.verifier();
    const principal = await verifier.verify(await alice());
    fx.realm.faults.set('token', {
      type: 'status',
      status: 403,
      body: '{"error":"invalid_request","error_description":"Client does not support permissions"}',
      once: true,
    });
    expect((await rejection(principal.hasPermission('orders#read'))).status).toBe(500);
    expect(problems()).toEqual([expect.stringMatching(/Authorization Services/)]);
  });

  it('answers 500 when uma.audience names no client of the realm', async () => {
    fx.events.length = 0;
    const verifier = fx.verifier({ uma: { audience: 'ghost' } });
    const error = await rejection(verifier.checkPermission(await alice(), 'orders#read'));
    expect(error.status).toBe(500);
    expect(problems()).toEqual([expect.stringMatching(/uma\.audience "ghost" names no client/)]);
  });

  it('answers 503 only for outages: 5xx, 429, refused, timed out', async () => {
    for (const fault of [
      { type: 'status', status: 500 },
      { type: 'status', status: 429 },
      { type: 'refuse' },
      { type: 'hang' },
    ] as const) {
      const verifier = fx.verifier({ timeout: 200 });
      const principal = await verifier.verify(await alice());
      fx.realm.faults.set('token', { ...fault, once: true });
      const error = await rejection(principal.hasPermission('orders#read'));
      expect(error.status, fault.type).toBe(503);
      expect(error.headers['retry-after']).toBeDefined();
    }
  });
});

describe('UMA calls have the introspection discipline', () => {
  it('shares one call among 50 concurrent identical questions', async () => {
    const verifier = fx.verifier();
    const principal = await verifier.verify(await bob());
    fx.realm.counters.reset();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => principal.hasPermission('orders#read')),
    );
    expect(new Set(answers)).toEqual(new Set([true]));
    expect(fx.realm.counters.get('token')).toBe(1);
  });

  it('calls a failing token endpoint about once a second, answering 503 meanwhile', async () => {
    const verifier = fx.verifier();
    const principals = await Promise.all(
      Array.from({ length: 20 }, async () => verifier.verify(await bob())),
    );
    fx.realm.faults.set('token', { type: 'status', status: 500 });
    fx.realm.counters.reset();
    try {
      for (let step = 0; step < 100; step++) {
        const errors = await Promise.all(
          principals
            .slice(0, 4)
            .map((p, i) => rejection(p.hasPermission(`orders#read${step}${i}`))),
        );
        expect(errors.every((e) => e.status === 503)).toBe(true);
        fx.clock.advance(100);
      }
    } finally {
      fx.realm.faults.clear('token');
    }
    // 400 questions in 10 s: the 4 sent before the first failure came back, then about one
    // probe a second.
    expect(fx.realm.counters.get('token')).toBeLessThanOrEqual(4 + 11);
  });
});
