import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

// Fuzz finding N4 (/tmp/rg-coord/fuzz-findings.md): while the IdP hung, a request with an unknown
// kid waited for the next allowed refetch (up to `timeout`), then for that refetch (up to
// `timeout` again): 503 after 10 s with the default 5 s timeout. Issue 9 item 5's rule holds on
// the JWKS path too: a request waits at most `timeout` in total, then gets 503 with Retry-After.
// The test clock (fx.clock) decides when a refetch is allowed; waits are real milliseconds.
const web = { user: 'alice', client: 'orders-web-mapped' };
const TIMEOUT = 600;
const SLACK_MS = 150;

describe('key lookup within the request timeout', () => {
  let fx: RealmFixture;
  beforeEach(async () => {
    fx = await startRealm();
  });
  afterEach(() => fx.close());

  async function timed(promise: Promise<unknown>) {
    const started = Date.now();
    const error = await rejection(promise);
    return { error, elapsed: Date.now() - started };
  }

  it('answers an unknown kid 503 within timeout when the refetch it waits for hangs', async () => {
    const verifier = fx.verifier({ timeout: TIMEOUT, keys: { cooldown: TIMEOUT } });
    await verifier.verify(await fx.realm.accessToken(web));
    fx.clock.advance(100); // the next refetch is allowed in 500 ms
    fx.realm.faults.set('certs', { type: 'hang' });
    const { error, elapsed } = await timed(
      verifier.verify(await fx.realm.adversarial.unknownKid()),
    );
    expect(error.status).toBe(503);
    expect(error.code).toBe('idp_unavailable');
    expect(Number(error.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // It waited for the refetch (≈ 500 ms), and no longer than its timeout (before: ≈ 1,100 ms).
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT - 50);
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK_MS);
    expect(fx.realm.counters.get('certs')).toBe(2);
  });

  it('answers a cold start 503 within timeout when discovery and keys are each slow', async () => {
    const verifier = fx.verifier({ timeout: TIMEOUT });
    fx.realm.faults.set('discovery', { type: 'slow', ms: 400 });
    fx.realm.faults.set('certs', { type: 'slow', ms: 400 });
    const { error, elapsed } = await timed(verifier.verify(await fx.realm.accessToken(web)));
    expect(error.status).toBe(503);
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK_MS);
  });

  it('answers unknown_key at once when the next refetch could not answer within timeout', async () => {
    // Keys fetched "just now" (the test clock has not moved): the refetch is allowed only when
    // the request's whole timeout is spent, so waiting could only end in a 503.
    const verifier = fx.verifier({ timeout: TIMEOUT, keys: { cooldown: TIMEOUT } });
    await verifier.verify(await fx.realm.accessToken(web));
    const { error, elapsed } = await timed(
      verifier.verify(await fx.realm.adversarial.unknownKid()),
    );
    expect(error.code).toBe('unknown_key');
    expect(elapsed).toBeLessThan(TIMEOUT / 2);
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('accepts a rotated-in kid that arrives moments after a fetch (no 401 for a valid token)', async () => {
    // The refetch is allowed 580 ms from now, so it can only answer in the request's last
    // milliseconds: before, the request got 401 unknown_key at once (a client logs its user out
    // on a 401). Now it waits, and the refetch gets the last fetch's duration and a grace.
    const verifier = fx.verifier({ timeout: TIMEOUT, keys: { cooldown: TIMEOUT } });
    await verifier.verify(await fx.realm.accessToken(web));
    await fx.realm.keys.rotate();
    const token = await fx.realm.accessToken(web);
    fx.clock.advance(20);
    const started = Date.now();
    const principal = await verifier.verify(token);
    expect(principal.username).toBe('alice');
    expect(Date.now() - started).toBeLessThan(TIMEOUT + SLACK_MS);
    expect(fx.realm.counters.get('certs')).toBe(2);
  });

  it('still waits for a refetch that can answer in time, and accepts the new key', async () => {
    const verifier = fx.verifier({ timeout: TIMEOUT, keys: { cooldown: TIMEOUT } });
    await verifier.verify(await fx.realm.accessToken(web));
    fx.clock.advance(300);
    await fx.realm.keys.rotate();
    const started = Date.now();
    const principal = await verifier.verify(await fx.realm.accessToken(web));
    expect(principal.username).toBe('alice');
    expect(Date.now() - started).toBeLessThan(TIMEOUT);
    expect(fx.realm.counters.get('certs')).toBe(2);
  });
});
