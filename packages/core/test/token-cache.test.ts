import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropActiveKey, rejection, startRealm, type RealmFixture } from './helpers.js';

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
