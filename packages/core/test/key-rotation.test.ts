import { createTestKeycloak, type TestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier, type VerifierEvent } from '../src/index.js';
import { activeKid, rejection, startRealm, type RealmFixture } from './helpers.js';

// Issue 9 item 7: a verifier that fetched keys moments before Keycloak rotated its key answered
// 401 unknown_key to tokens of the new key until a 30 s cooldown ended. Now the cooldown is 5 s
// and a request whose kid is unknown waits for the next allowed refetch (within `timeout`).
const web = { user: 'alice', client: 'orders-web-mapped' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('key rotation (test clock)', () => {
  let fx: RealmFixture;
  beforeEach(async () => {
    fx = await startRealm();
  });
  afterEach(() => fx.close());

  it('makes a token of a new key wait for the next refetch instead of answering 401', async () => {
    const verifier = fx.verifier({ keys: { cooldown: 5_000 } });
    await verifier.verify(await fx.realm.accessToken(web));
    fx.clock.advance(4_800); // keys fetched 4.8 s ago: 200 ms of cooldown left
    const newKid = await fx.realm.keys.rotate();
    const token = await fx.realm.accessToken(web);
    const started = Date.now();
    const principal = await verifier.verify(token);
    expect(principal.username).toBe('alice');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(2_000);
    expect(fx.realm.counters.get('certs')).toBe(2);
    expect(verifier.stats().issuers[0]?.keys.kids).toContain(newKid);
  });

  it('shares that one refetch among every waiting request', async () => {
    const verifier = fx.verifier({ keys: { cooldown: 5_000 } });
    await verifier.verify(await fx.realm.accessToken(web));
    fx.clock.advance(4_700);
    await fx.realm.keys.rotate();
    const tokens = await Promise.all(Array.from({ length: 25 }, () => fx.realm.accessToken(web)));
    await Promise.all(tokens.map((token) => verifier.verify(token)));
    expect(fx.realm.counters.get('certs')).toBe(2);
  });

  it('answers unknown_key at once when the next refetch is further away than the timeout', async () => {
    const verifier = fx.verifier({ keys: { cooldown: 30_000 }, timeout: 1_000 });
    await verifier.verify(await fx.realm.accessToken(web));
    fx.clock.advance(1_000);
    await fx.realm.keys.rotate();
    const started = Date.now();
    const error = await rejection(verifier.verify(await fx.realm.accessToken(web)));
    expect(error.code).toBe('unknown_key');
    expect(Date.now() - started).toBeLessThan(500);
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('answers unknown_key at once for a kid missing from a key set fetched for that request', async () => {
    const started = Date.now();
    const error = await rejection(fx.verifier().verify(await fx.realm.adversarial.unknownKid()));
    expect(error.code).toBe('unknown_key');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('defaults keys.cooldown to 5 s', () => {
    expect(fx.verifier().options.keysCooldown).toBe(5_000);
  });
});

describe('key rotation (real clock, default options)', () => {
  let kc: TestKeycloak;
  let realm: TestRealm;
  let server: { url: string; close(): Promise<void> };
  const certsAt: number[] = [];
  const idpAt: number[] = [];
  const events: VerifierEvent[] = [];

  beforeEach(async () => {
    kc = createTestKeycloak();
    realm = await kc.createRealm();
    server = await listen(kc);
    certsAt.length = 0;
    idpAt.length = 0;
    events.length = 0;
  });
  afterEach(() => server.close());

  const verifier = () =>
    createVerifier({
      issuer: realm.issuer,
      audience: 'orders-api',
      // Timestamps every request this verifier sends to the IdP, and the JWKS ones apart.
      fetch: (input, init) => {
        const url = input instanceof Request ? input.url : input.toString();
        idpAt.push(Date.now());
        if (url.endsWith('/certs')) certsAt.push(Date.now());
        return fetch(input, init);
      },
      onEvent: (event) => events.push(event),
    });

  it('accepts tokens of a key rotated right after a fetch within 5 s of the rotation (plus one fetch)', async () => {
    const v = verifier();
    await v.verify(await realm.accessToken(web));
    const oldKid = activeKid(realm);
    await realm.keys.rotate();
    const rotatedAt = Date.now();
    const token = await realm.accessToken(web);
    expect(JSON.parse(atob(token.split('.')[0]!)) as { kid: string }).not.toMatchObject({
      kid: oldKid,
    });
    await v.verify(token);
    const elapsed = Date.now() - rotatedAt;
    console.info(`[measured] rotation → first acceptance of a new-key token: ${elapsed} ms`);
    // The refetch goes out when the 5 s cooldown of the fetch before the rotation ends.
    expect(elapsed).toBeLessThanOrEqual(5_000 + 500);
    expect(certsAt).toHaveLength(2);
    expect(events.filter((e) => e.type === 'verification_failed')).toEqual([]);
  }, 15_000);

  it('an unknown-kid flood causes at most one JWKS fetch per 5 s', async () => {
    const v = verifier();
    await v.verify(await realm.accessToken(web));
    const bogus = await Promise.all(
      Array.from({ length: 8 }, () => realm.adversarial.unknownKid()),
    );
    const pending: Promise<unknown>[] = [];
    const floodStarted = Date.now();
    let requests = 0;
    while (Date.now() - floodStarted < 6_000) {
      for (const token of bogus) {
        requests++;
        pending.push(v.verify(token).catch((error: unknown) => error));
      }
      await sleep(50);
    }
    const outcomes = await Promise.all(pending);
    const elapsed = Date.now() - floodStarted;
    const codes = new Set(outcomes.map((o) => (o as { code?: string }).code));
    expect(codes).toEqual(new Set(['unknown_key']));
    // Each key-set fetch starts with its first request to the IdP (discovery, the first time).
    const starts = [idpAt[0]!, ...certsAt.slice(1)];
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    console.info(
      `[measured] unknown-kid flood: ${requests} requests over ${elapsed} ms (until the last ` +
        `answer), ${certsAt.length} JWKS fetches including the first, gaps ${gaps.join(', ')} ms`,
    );
    expect(certsAt.length).toBeGreaterThanOrEqual(2);
    expect(certsAt.length).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 5_000));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(4_995);
  }, 30_000);
});
