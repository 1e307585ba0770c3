import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../src/index.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
  await fx.kc.createRealm({ name: 'b2b' });
});
afterAll(() => fx.close());

const acmeToken = () => fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
const b2bToken = () =>
  fx.kc.realm('b2b').accessToken({ user: 'alice', client: 'orders-web-mapped' });

describe('verifier', () => {
  it('verifies tokens of several allow-listed realms, each with its own lazy state', async () => {
    const b2b = fx.kc.realm('b2b');
    const verifier = fx.verifier({ issuer: [fx.realm.issuer, b2b.issuer] });
    fx.realm.counters.reset();
    b2b.counters.reset();
    expect((await verifier.verify(await acmeToken())).issuer).toBe(fx.realm.issuer);
    expect(b2b.counters.get('discovery')).toBe(0);
    expect((await verifier.verify(await b2bToken())).issuer).toBe(b2b.issuer);
    expect(b2b.counters.get('certs')).toBe(1);
    expect(verifier.stats().issuers.map((i) => i.keys.kids.length)).toEqual([1, 1]);
  });

  it('rejects a token from another realm on the same host that is not allow-listed', async () => {
    const error = await rejection(fx.verifier().verify(await b2bToken()));
    expect(error.code).toBe('untrusted_issuer');
  });

  it('does not accept one realm key for another realm issuer', async () => {
    const b2b = fx.kc.realm('b2b');
    const acmeKid = fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid;
    const forged = await fx.realm.sign(
      { alg: 'RS256', typ: 'JWT', kid: acmeKid },
      { exp: fx.clock.now() / 1000 + 60, iss: b2b.issuer, aud: 'orders-api', typ: 'Bearer' },
    );
    const error = await rejection(
      fx.verifier({ issuer: [fx.realm.issuer, b2b.issuer] }).verify(forged),
    );
    expect(error.code).toBe('unknown_key');
  });

  it('warmUp() fetches discovery and keys once before traffic', async () => {
    const verifier = fx.verifier();
    fx.realm.counters.reset();
    await Promise.all([verifier.warmUp(), verifier.warmUp()]);
    expect(fx.realm.counters.get('discovery')).toBe(1);
    expect(fx.realm.counters.get('certs')).toBe(1);
    await verifier.verify(await acmeToken());
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('reports key refreshes, verification failures (code only) and cache use through onEvent', async () => {
    fx.events.length = 0;
    const verifier = fx.verifier();
    const t = await acmeToken();
    await verifier.verify(t);
    await verifier.verify(t);
    await rejection(verifier.verify(await fx.realm.adversarial.expired(5)));
    const types = fx.events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'discovery_refreshed',
        'keys_refreshed',
        'cache_miss',
        'cache_hit',
        'verification_failed',
      ]),
    );
    expect(fx.events.find((e) => e.type === 'verification_failed')).toEqual({
      type: 'verification_failed',
      code: 'token_expired',
    });
    expect(JSON.stringify(fx.events)).not.toContain(t.split('.')[1]!);
  });

  it('survives an onEvent hook that throws', async () => {
    const verifier = createVerifier({
      issuer: fx.realm.issuer,
      audience: 'orders-api',
      now: fx.clock.now,
      onEvent: () => {
        throw new Error('broken logger');
      },
    });
    await expect(verifier.verify(await acmeToken())).resolves.toBeDefined();
  });

  it('stats() reports cache sizes, hits and key-set freshness', async () => {
    const verifier = fx.verifier();
    const t = await acmeToken();
    await verifier.verify(t);
    await verifier.verify(t);
    const stats = verifier.stats();
    expect(stats.tokens).toMatchObject({ entries: 1, hits: 1, misses: 1 });
    expect(stats.issuers[0]).toMatchObject({
      issuer: fx.realm.issuer,
      discovery: { cached: true, fresh: true },
      keys: { fresh: true, coolingDown: false, lastError: undefined },
    });
    expect(stats.issuers[0]?.keys.fetchedAt).toEqual(new Date(fx.clock.now()));
  });

  it('stats() says backingOff after a failed fetch, and still answers to the deprecated coolingDown', async () => {
    const verifier = fx.verifier({
      introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET },
    });
    fx.realm.faults.set('certs', { type: 'status', status: 503 });
    fx.realm.faults.set('introspect', { type: 'status', status: 502 });
    await rejection(verifier.verify(await acmeToken()));
    await rejection(
      verifier.verify(await fx.realm.opaqueToken({ user: 'alice', client: 'orders-web-mapped' })),
    );
    const stats = verifier.stats();
    expect(stats.issuers[0]?.keys).toMatchObject({ backingOff: true, coolingDown: true });
    expect(stats.introspection).toMatchObject({ backingOff: true, coolingDown: true });
    fx.realm.faults.clear('certs');
    fx.realm.faults.clear('introspect');
    fx.clock.advance(1_250);
    expect(verifier.stats().issuers[0]?.keys).toMatchObject({
      backingOff: false,
      coolingDown: false,
    });
  });

  it('sets the realm of WWW-Authenticate from the issuer, or the realm option', async () => {
    const error = await rejection(fx.verifier().authenticate({ headers: {} }));
    expect(error.headers['www-authenticate']).toBe('Bearer realm="acme"');
    const custom = await rejection(fx.verifier({ realm: 'orders' }).authenticate({ headers: {} }));
    expect(custom.headers['www-authenticate']).toBe('Bearer realm="orders"');
  });

  it('verifies against the legacy /auth context path', async () => {
    const legacy = await startRealm({ contextPath: '/auth' });
    try {
      expect(legacy.realm.issuer).toMatch(/\/auth\/realms\/acme$/);
      await expect(
        legacy
          .verifier()
          .verify(await legacy.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' })),
      ).resolves.toBeDefined();
    } finally {
      await legacy.close();
    }
  });
});
