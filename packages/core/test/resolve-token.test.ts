import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifierOptions } from '../src/index.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const introspection = (extra: Partial<NonNullable<VerifierOptions['introspection']>> = {}) => ({
  introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET, ...extra },
});
const mapped = { user: 'alice', client: 'orders-web-mapped' };
const introspections = () => fx.realm.counters.get('introspect');

describe('which path a token takes', () => {
  it('a JWT is verified locally, without a call, even where opaque tokens are introspected', async () => {
    fx.realm.counters.reset();
    const principal = await fx.verifier(introspection()).verify(await fx.realm.accessToken(mapped));
    expect(principal.source).toBe('jwt');
    expect(introspections()).toBe(0);
  });

  it('an opaque token is introspected when introspection takes opaque tokens', async () => {
    fx.realm.counters.reset();
    const principal = await fx.verifier(introspection()).verify(await fx.realm.opaqueToken(mapped));
    expect(principal.source).toBe('introspection');
    expect(introspections()).toBe(1);
  });

  it('an opaque token is malformed, without a call, where introspection leaves opaque tokens out', async () => {
    fx.realm.counters.reset();
    const verifier = fx.verifier(introspection({ use: 'lightweight' }));
    const error = await rejection(verifier.verify(await fx.realm.opaqueToken(mapped)));
    expect(error.code).toBe('malformed_token');
    expect(introspections()).toBe(0);
  });

  it('an encrypted (five-part) token is unsupported, never sent to introspection', async () => {
    fx.realm.counters.reset();
    const error = await rejection(fx.verifier(introspection()).verify('a.b.c.d.e'));
    expect(error.code).toBe('unsupported_token_format');
    expect(introspections()).toBe(0);
  });

  it('junk that cannot be an opaque token never reaches the identity provider', async () => {
    fx.realm.counters.reset();
    for (const junk of ['short', 'has spaces and is long enough', 'ünïcödé-0123456789']) {
      expect((await rejection(fx.verifier(introspection()).verify(junk))).code).toBe(
        'malformed_token',
      );
    }
    expect(introspections()).toBe(0);
  });

  it('in always mode a JWT is verified and introspected, and revocation applies within maxAge', async () => {
    fx.realm.counters.reset();
    const verifier = fx.verifier({
      ...introspection({ use: 'always', maxAge: 10_000 }),
      cache: false,
    });
    const token = await fx.realm.accessToken(mapped);
    expect((await verifier.verify(token)).source).toBe('jwt');
    expect(introspections()).toBe(1);
    fx.realm.revoke(token);
    fx.clock.advance(10_001);
    expect((await rejection(verifier.verify(token))).code).toBe('token_inactive');
  });

  it('an introspected principal carries the asked issuer when the answer names none', async () => {
    const exp = Math.floor(fx.clock.now() / 1000) + 300;
    const body = { active: true, exp, aud: 'orders-api', sub: 'u1' };
    fx.realm.faults.set('introspect', { type: 'status', status: 200, body: JSON.stringify(body) });
    try {
      const principal = await fx.verifier(introspection()).verify('opaque-token-0123456789abcdef');
      expect(principal.issuer).toBe(fx.realm.issuer);
      expect(principal.claims.iss).toBe(fx.realm.issuer);
    } finally {
      fx.realm.faults.clear('introspect');
    }
  });
});
