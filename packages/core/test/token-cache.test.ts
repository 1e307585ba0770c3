import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, dropActiveKey, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const token = (lifetime?: number) =>
  fx.realm.accessToken({
    user: 'alice',
    client: 'orders-web-mapped',
    ...(lifetime ? { lifetime } : {}),
  });

describe('verified-token cache', () => {
  it('answers a repeated token from the cache', async () => {
    const verifier = fx.verifier();
    const t = await token();
    const first = await verifier.verify(t);
    const second = await verifier.verify(t);
    expect(second).toBe(first);
    expect(verifier.stats().tokens).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it('keys entries by the whole token: a changed signature is verified, not served from cache', async () => {
    const verifier = fx.verifier();
    const t = await token();
    await verifier.verify(t);
    const [h, p, s] = t.split('.') as [string, string, string];
    const sig = base64url.decode(s);
    sig[0] = (sig[0] ?? 0) ^ 0xff;
    expect((await rejection(verifier.verify(`${h}.${p}.${base64url.encode(sig)}`))).code).toBe(
      'invalid_signature',
    );
    expect((await rejection(verifier.verify(`${h}.${p}.`))).status).toBe(401);
  });

  it('a token that ends like a cached one but differs elsewhere is verified, not served', async () => {
    const verifier = fx.verifier();
    const t = await token();
    await verifier.verify(t);
    const [h, , s] = t.split('.') as [string, string, string];
    const other = (await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' })).split(
      '.',
    )[1];
    const forged = `${h}.${other}.${s}`;
    expect(forged.slice(-32)).toBe(t.slice(-32));
    expect(verifier.cached(bearer(forged))).toBeUndefined();
    expect((await rejection(verifier.verify(forged))).code).toBe('invalid_signature');
    expect((await verifier.verify(t)).username).toBe('alice');
  });

  it('never serves an entry beyond the token exp', async () => {
    const verifier = fx.verifier();
    const t = await token(60);
    await verifier.verify(t);
    fx.clock.advance(59_000);
    await expect(verifier.verify(t)).resolves.toBeDefined();
    fx.clock.advance(1_000);
    expect((await rejection(verifier.verify(t))).code).toBe('token_expired');
  });

  it('is bounded in entries', async () => {
    const verifier = fx.verifier({ cache: { maxEntries: 3 } });
    for (let i = 0; i < 6; i++) await verifier.verify(await token());
    expect(verifier.stats().tokens?.entries).toBe(3);
  });

  it('is bounded in bytes', async () => {
    const t = await token();
    const verifier = fx.verifier({ cache: { maxBytes: (t.length * 4 + 1024) * 2 } });
    for (let i = 0; i < 6; i++) await verifier.verify(await token());
    const stats = verifier.stats().tokens!;
    expect(stats.entries).toBeLessThanOrEqual(2);
    expect(stats.bytes).toBeLessThanOrEqual((t.length * 4 + 1024) * 2);
  });

  it('verifies every request when disabled', async () => {
    const verifier = fx.verifier({ cache: false });
    const t = await token();
    const first = await verifier.verify(t);
    expect(await verifier.verify(t)).not.toBe(first);
    expect(verifier.stats().tokens).toBeUndefined();
  });

  it('forgets tokens verified with a key that the JWKS dropped', async () => {
    const verifier = fx.verifier({ keys: { maxAge: 60_000 } });
    const t = await token(3600);
    await verifier.verify(t);
    await dropActiveKey(fx, verifier);
    // Served from the cache it would still pass: the purge is what makes it fail.
    expect((await rejection(verifier.verify(t))).code).toBe('unknown_key');
  });
});

describe('verifier.cached() (the synchronous hit path of the adapters)', () => {
  it('answers a request whose token was verified before, counting a hit', async () => {
    const verifier = fx.verifier();
    const t = await token();
    expect(verifier.cached(bearer(t))).toBeUndefined();
    const principal = await verifier.authenticate(bearer(t));
    expect(verifier.cached(bearer(t))).toBe(principal);
    expect(verifier.cached({ headers: { authorization: `bEaReR ${t}` } })).toBe(principal);
    expect(verifier.cached({ headers: new Headers({ authorization: `Bearer ${t}` }) })).toBe(
      principal,
    );
    expect(verifier.stats().tokens).toMatchObject({ hits: 3, misses: 1 });
  });

  it('leaves every other request to authenticate()', async () => {
    const verifier = fx.verifier();
    const t = await token(60);
    await verifier.verify(t);
    for (const authorization of [
      `Bearer  ${t}`,
      `Bearer ${t} `,
      `Basic ${t}`,
      `Bearer${t}`,
      `Bearer ${t.slice(0, -1)}`,
      '',
    ]) {
      expect(verifier.cached({ headers: { authorization } })).toBeUndefined();
    }
    expect(verifier.cached({ headers: { authorization: [`Bearer ${t}`] } })).toBeUndefined();
    expect(verifier.cached({ headers: {} })).toBeUndefined();
    fx.clock.advance(60_000);
    expect(verifier.cached(bearer(t))).toBeUndefined();
  });

  it('is off without a cache and when tokens may also come in the query or body', async () => {
    const t = await token();
    for (const options of [{ cache: false as const }, { queryToken: true }, { bodyToken: true }]) {
      const verifier = fx.verifier(options);
      await verifier.verify(t);
      expect(verifier.cached(bearer(t))).toBeUndefined();
    }
  });

  it('reports the hit to onEvent like verify() does', async () => {
    const events: string[] = [];
    const verifier = fx.verifier({ onEvent: (event) => events.push(event.type) });
    const t = await token();
    await verifier.verify(t);
    verifier.cached(bearer(t));
    expect(events.filter((type) => type.startsWith('cache_'))).toEqual(['cache_miss', 'cache_hit']);
  });
});
