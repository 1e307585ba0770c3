import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, type SharedStore } from '../src/index.js';
import { partsHash } from '../src/token-hash.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
let store: SharedStore;
beforeEach(async () => {
  fx = await startRealm();
  store = createMemoryStore({ now: fx.clock.now });
});
afterEach(() => fx.close());

const mapped = { user: 'alice', client: 'orders-web-mapped' };
const instance = () =>
  fx.verifier({ store, introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET } });

describe('introspection and UMA answers shared through the store', () => {
  it('asks the identity provider once for two instances', async () => {
    const token = await fx.realm.opaqueToken(mapped);
    const a = await instance().verify(token);
    const b = await instance().verify(token);
    expect(a.hasRole('admin')).toBe(true);
    expect(b.hasRole('admin')).toBe(true);
    expect(b.username).toBe('alice');
    expect(Object.getPrototypeOf(b.claims)).toBeNull();
    expect(fx.realm.counters.get('introspect')).toBe(1);
  });

  it('shares UMA decisions between instances', async () => {
    const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    fx.realm.counters.reset();
    await instance().checkPermission(token, 'orders#read');
    await instance().checkPermission(token, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(1);
  });

  it('checks claims read back from the store like an answer of the identity provider', async () => {
    const token = await fx.realm.opaqueToken(mapped);
    const key = `introspection:${await partsHash(['orders-api', fx.realm.issuer, token])}`;
    const exp = Math.floor(fx.clock.now() / 1000) + 300;
    await store.set(
      key,
      JSON.stringify({ c: { iss: fx.realm.issuer, aud: 'orders-api', exp: 1e300 } }),
      60_000,
    );
    expect((await rejection(instance().verify(token))).code).toBe('invalid_claim');
    await store.set(
      key,
      `{"c":{"iss":"${fx.realm.issuer}","aud":"orders-api","exp":${exp},` +
        '"__proto__":{"realm_access":{"roles":["admin"]}}}}',
      60_000,
    );
    const principal = await instance().verify(token);
    expect(principal.hasRole('admin')).toBe(false);
    expect(fx.realm.counters.get('introspect')).toBe(0);
  });
});
