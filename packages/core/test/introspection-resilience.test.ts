import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Verifier } from '../src/index.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const mapped = { user: 'alice', client: 'orders-web-mapped' };
const introspection = (extra: Record<string, unknown> = {}) => ({
  introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET, ...extra },
});

/**
 * The longest stall of the event loop from now until `stop()`: a machine busy with other tests
 * delays every timer, and such a stall is no answer time of the verifier's.
 */
function eventLoopLag(): { stop(): number } {
  let lag = 0;
  let tick = Date.now();
  const timer = setInterval(() => {
    lag = Math.max(lag, Date.now() - tick - 10);
    tick = Date.now();
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return lag;
    },
  };
}

/** Eight clients each send a request every 50 ms of clock time for `seconds`, distinct tokens. */
async function hammer(verifier: Verifier, seconds: number, tokens: string[]) {
  const statuses = new Map<number, number>();
  let retryAfterMissing = 0;
  for (let step = 0; step < (seconds * 1000) / 50; step++) {
    const batch = Array.from({ length: 8 }, (_, i) => tokens[(step * 8 + i) % tokens.length]!);
    const errors = await Promise.all(batch.map((token) => rejection(verifier.verify(token))));
    for (const error of errors) {
      statuses.set(error.status, (statuses.get(error.status) ?? 0) + 1);
      if (error.status === 503 && error.headers['retry-after'] === undefined) retryAfterMissing++;
    }
    fx.clock.advance(50);
  }
  return { statuses, retryAfterMissing };
}

describe('introspection against a failing identity provider', () => {
  for (const [name, fault] of [
    ['answers 500', { type: 'status', status: 500 }],
    ['refuses connections', { type: 'refuse' }],
  ] as const) {
    it(`calls an endpoint that ${name} about once a second, and answers 503 with Retry-After`, async () => {
      const verifier = fx.verifier(introspection());
      const tokens = await Promise.all(
        Array.from({ length: 64 }, () => fx.realm.opaqueToken(mapped)),
      );
      fx.realm.faults.set('introspect', fault);
      fx.realm.counters.reset();
      const { statuses, retryAfterMissing } = await hammer(verifier, 10, tokens);
      expect([...statuses.keys()]).toEqual([503]);
      expect(retryAfterMissing).toBe(0);
      // 1,600 requests in 10 s: the 8 sent before the first failure came back, then at most
      // one probe a second.
      expect(fx.realm.counters.get('introspect')).toBeLessThanOrEqual(8 + 11);
      expect(fx.realm.counters.get('introspect')).toBeGreaterThanOrEqual(8 + 7);
    });
  }

  it('rejected client credentials: about one call and one configuration_problem a second', async () => {
    const verifier = fx.verifier(introspection({ clientSecret: 'wrong' }));
    const tokens = await Promise.all(
      Array.from({ length: 64 }, () => fx.realm.opaqueToken(mapped)),
    );
    fx.realm.counters.reset();
    const { statuses } = await hammer(verifier, 10, tokens);
    expect([...statuses.keys()]).toEqual([503]);
    const calls = fx.realm.counters.get('introspect');
    expect(calls).toBeLessThanOrEqual(8 + 11);
    const problems = fx.events.filter((e) => e.type === 'configuration_problem');
    expect(problems.length).toBeGreaterThanOrEqual(1);
    // Once per backoff window (the first 8 calls were in flight together: one window).
    expect(problems.length).toBeLessThanOrEqual(calls - 7);
  });

  it('answers 503 at once, without a call, while the endpoint rests after a failure', async () => {
    const verifier = fx.verifier(introspection());
    fx.realm.faults.set('introspect', { type: 'status', status: 502, once: true });
    const first = await rejection(verifier.verify(await fx.realm.opaqueToken(mapped)));
    expect(first.status).toBe(503);
    const second = await rejection(verifier.verify(await fx.realm.opaqueToken(mapped)));
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('1');
    expect(fx.realm.counters.get('introspect')).toBe(1);
    expect(verifier.stats().introspection?.coolingDown).toBe(true);
    fx.clock.advance(1_200);
    await expect(verifier.verify(await fx.realm.opaqueToken(mapped))).resolves.toBeDefined();
    expect(verifier.stats().introspection?.coolingDown).toBe(false);
  });

  it('caches an unusable answer for a token briefly (a definite failure is not asked again)', async () => {
    const verifier = fx.verifier(introspection({ negativeCacheTtl: 5_000 }));
    const token = await fx.realm.opaqueToken(mapped);
    fx.realm.faults.set('introspect', { type: 'status', status: 400, once: true });
    expect((await rejection(verifier.verify(token))).status).toBe(503);
    expect((await rejection(verifier.verify(token))).status).toBe(503);
    expect(fx.realm.counters.get('introspect')).toBe(1);
    fx.clock.advance(5_001);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    expect(fx.realm.counters.get('introspect')).toBe(2);
  });
});

describe('recovery after an outage', () => {
  it('answers a valid token within 1.5 s of the IdP answering again, even after 30 s down', async () => {
    const verifier = fx.verifier(introspection());
    const token = await fx.realm.opaqueToken({ ...mapped, lifetime: 3600 });
    fx.realm.faults.set('introspect', { type: 'refuse' });
    for (let t = 0; t < 30_000; t += 100) {
      expect((await rejection(verifier.verify(token))).status).toBe(503);
      fx.clock.advance(100);
    }
    const calls = fx.realm.counters.get('introspect');
    expect(calls).toBeLessThanOrEqual(31);
    fx.realm.faults.clear('introspect');
    const back = fx.clock.now();
    let answeredAt: number | undefined;
    while (answeredAt === undefined && fx.clock.now() - back < 5_000) {
      const ok = await verifier.verify(token).then(
        () => true,
        () => false,
      );
      if (ok) answeredAt = fx.clock.now();
      else fx.clock.advance(100);
    }
    expect(answeredAt! - back).toBeLessThanOrEqual(1_500);
  });

  it('recovers from a hanging endpoint within 1.5 s, though its calls still hang until timeout', async () => {
    // Real time here: the calls hang for real.
    const offset = fx.clock.now() - Date.now();
    const verifier = fx.verifier({
      ...introspection(),
      timeout: 3_000,
      now: () => Date.now() + offset,
    });
    const tokens = await Promise.all(
      Array.from({ length: 3 }, () => fx.realm.opaqueToken({ ...mapped, lifetime: 3600 })),
    );
    fx.realm.faults.set('introspect', { type: 'hang' });
    const answered: number[] = [];
    let stop = false;
    const clients = tokens.map(async (token) => {
      while (!stop) {
        const sent = Date.now();
        void verifier.verify(token).then(
          () => answered.push(Date.now()),
          () => undefined,
        );
        await new Promise((resolve) => setTimeout(resolve, 50 - Math.min(50, Date.now() - sent)));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const callsWhileDown = fx.realm.counters.get('introspect');
    fx.realm.faults.clear('introspect');
    const back = Date.now();
    const lagging = eventLoopLag();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const lag = lagging.stop();
    stop = true;
    await Promise.all(clients);
    // While hanging: at most one call a second per token until the first timeout (3 s), then
    // nothing until the next probe.
    expect(callsWhileDown).toBeLessThanOrEqual(tokens.length * 4);
    const first = answered.find((at) => at >= back);
    expect(first).toBeDefined();
    expect(first! - back).toBeLessThanOrEqual(1_500 + lag);
  }, 20_000);
});

describe('the wait for an introspection slot', () => {
  it('never lasts beyond timeout, queue included: then 503 with Retry-After', async () => {
    // Each call takes 250 ms; one at a time; 300 ms per request in total.
    const offset = fx.clock.now() - Date.now();
    const verifier = fx.verifier({
      ...introspection({ maxConcurrent: 1 }),
      timeout: 300,
      now: () => Date.now() + offset,
    });
    const tokens = await Promise.all(
      Array.from({ length: 10 }, () => fx.realm.opaqueToken(mapped)),
    );
    fx.realm.faults.set('introspect', { type: 'slow', ms: 250 });
    const started = Date.now();
    const lagging = eventLoopLag();
    const outcomes = await Promise.all(
      tokens.map((token) =>
        verifier.verify(token).then(
          () => ({ status: 200, at: Date.now() - started, retryAfter: 'n/a' }),
          (error: { status: number; headers: Record<string, string> }) => ({
            status: error.status,
            at: Date.now() - started,
            retryAfter: error.headers['retry-after'],
          }),
        ),
      ),
    );
    const lag = lagging.stop();
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThanOrEqual(1);
    for (const outcome of outcomes) {
      expect([200, 503]).toContain(outcome.status);
      expect(outcome.at).toBeLessThan(300 + 200 + lag);
      if (outcome.status === 503) expect(outcome.retryAfter).toBeDefined();
    }
  });
});
