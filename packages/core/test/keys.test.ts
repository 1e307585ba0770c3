import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  activeKid as activeKidOf,
  dropActiveKey,
  rejection,
  startRealm,
  type RealmFixture,
} from './helpers.js';

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const token = (kid?: string) =>
  fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped', ...(kid ? { kid } : {}) });
const activeKid = () => activeKidOf(fx.realm);

describe('key cache', () => {
  it('skips enc keys and verifies with the sig key, whatever their order in the JWKS', async () => {
    const jwks = fx.realm.keys.jwks();
    expect(jwks.keys[0]?.use).toBe('enc');
    await expect(fx.verifier().verify(await token())).resolves.toBeDefined();
  });

  it('lists only signing keys in stats', async () => {
    const verifier = fx.verifier();
    await verifier.verify(await token());
    expect(verifier.stats().issuers[0]?.keys.kids).toEqual([activeKid()]);
  });

  it('still verifies tokens signed by a passive key after a rotation', async () => {
    const oldKid = activeKid();
    const oldToken = await token();
    const newKid = await fx.realm.keys.rotate();
    expect(newKid).not.toBe(oldKid);
    const verifier = fx.verifier();
    await expect(verifier.verify(oldToken)).resolves.toBeDefined();
    await expect(verifier.verify(await token())).resolves.toBeDefined();
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('refetches on an unknown kid at most once per cooldown', async () => {
    const verifier = fx.verifier({ keys: { cooldown: 30_000 } });
    await verifier.verify(await token());
    await fx.realm.keys.rotate();
    const rotated = await token();
    // Keys were fetched a moment ago: the unknown kid waits for the cooldown.
    expect((await rejection(verifier.verify(rotated))).code).toBe('unknown_key');
    expect(fx.realm.counters.get('certs')).toBe(1);
    fx.clock.advance(30_000);
    await expect(verifier.verify(rotated)).resolves.toBeDefined();
    expect(fx.realm.counters.get('certs')).toBe(2);
    // A made-up kid right after that refetch costs no request.
    expect((await rejection(verifier.verify(await fx.realm.adversarial.unknownKid()))).code).toBe(
      'unknown_key',
    );
    expect(fx.realm.counters.get('certs')).toBe(2);
  });

  it('shares one refetch among concurrent requests with an unknown kid', async () => {
    const verifier = fx.verifier({ keys: { cooldown: 0 } });
    await verifier.verify(await token());
    await fx.realm.keys.rotate();
    const rotated = await Promise.all(Array.from({ length: 20 }, () => token()));
    await Promise.all(rotated.map((t) => verifier.verify(t)));
    expect(fx.realm.counters.get('certs')).toBe(2);
  });

  it('refreshes keys after their max age, serving the cached ones meanwhile', async () => {
    const verifier = fx.verifier({ keys: { maxAge: 600_000 } });
    await verifier.verify(await token());
    fx.clock.advance(599_000);
    await verifier.verify(await token());
    expect(fx.realm.counters.get('certs')).toBe(1);
    fx.clock.advance(2_000);
    await verifier.verify(await token());
    await vi.waitFor(() => expect(fx.realm.counters.get('certs')).toBe(2));
  });

  it('keeps stale keys verifying while refreshes fail, up to the stale window', async () => {
    const verifier = fx.verifier({ keys: { maxAge: 60_000, staleWindow: 3_600_000 } });
    await verifier.verify(await token());
    fx.realm.faults.set('certs', { type: 'status', status: 500 });
    fx.clock.advance(61_000);
    await expect(verifier.verify(await token())).resolves.toBeDefined();
    await vi.waitFor(() =>
      expect(
        fx.events.some((e) => e.type === 'fetch_failed' && e.resource === 'jwks' && e.servingStale),
      ).toBe(true),
    );
    expect(verifier.stats().issuers[0]?.keys).toMatchObject({
      coolingDown: true,
      lastError: 'HTTP 500',
    });
    fx.clock.advance(3_000_000);
    await expect(verifier.verify(await token())).resolves.toBeDefined();
    // Beyond maxAge + staleWindow nothing cached may decide any more.
    fx.clock.advance(700_000);
    const error = await rejection(verifier.verify(await token()));
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBeDefined();
  });

  it('stops verifying a key removed from the JWKS after the refresh that drops it', async () => {
    const verifier = fx.verifier({ keys: { maxAge: 60_000 }, cache: false });
    const oldToken = await token();
    await verifier.verify(oldToken);
    await dropActiveKey(fx, verifier);
    expect((await rejection(verifier.verify(oldToken))).code).toBe('unknown_key');
  });

  it('refuses a JWKS larger than the size cap', async () => {
    fx.realm.faults.set('certs', { type: 'oversized', bytes: 64 * 1024 });
    const error = await rejection(
      fx.verifier({ maxResponseBytes: 32 * 1024 }).verify(await token()),
    );
    expect(error.status).toBe(503);
    expect(fx.events.find((e) => e.type === 'fetch_failed')).toMatchObject({
      resource: 'jwks',
      kind: 'invalid_response',
    });
  });

  it('treats an empty key set as knowing no key', async () => {
    fx.realm.faults.set('certs', { type: 'empty-keys' });
    expect((await rejection(fx.verifier().verify(await token()))).code).toBe('unknown_key');
  });

  it('answers 503 with Retry-After when the JWKS cannot be fetched and nothing is cached', async () => {
    fx.realm.faults.set('certs', { type: 'refuse' });
    const error = await rejection(fx.verifier().verify(await token()));
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBe('1');
    expect(error.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The identity provider is temporarily unavailable; try again later',
    });
    expect(JSON.stringify(error.body)).not.toContain('127.0.0.1');
  });
});
