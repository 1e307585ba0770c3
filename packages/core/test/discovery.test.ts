import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseMetadata } from '../src/discovery.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const token = () => fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });

async function discoveryDocument(): Promise<Record<string, unknown>> {
  return (await (await fetch(fx.realm.discoveryUrl)).json()) as Record<string, unknown>;
}

describe('issuer discovery', () => {
  it('fetches the discovery document once for many concurrent cold requests (single-flight)', async () => {
    const verifier = fx.verifier();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => token()));
    fx.realm.counters.reset();
    await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(fx.realm.counters.get('discovery')).toBe(1);
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('answers 503 when the discovery issuer differs from the configured issuer', async () => {
    const doc = await discoveryDocument();
    fx.realm.faults.set('discovery', {
      type: 'status',
      status: 200,
      body: JSON.stringify({ ...doc, issuer: `${String(doc.issuer)}/` }),
    });
    const error = await rejection(fx.verifier().verify(await token()));
    expect(error.status).toBe(503);
    expect(error.body.error).toBe('temporarily_unavailable');
    const failure = fx.events.find((e) => e.type === 'fetch_failed');
    expect(failure).toMatchObject({
      resource: 'discovery',
      kind: 'invalid_response',
      servingStale: false,
    });
    expect(JSON.stringify(failure)).toContain('differs from the configured issuer');
  });

  it('does not cache failures but retries after a backoff', async () => {
    const verifier = fx.verifier();
    const t = await token();
    fx.realm.faults.set('discovery', { type: 'status', status: 500 });
    const first = await rejection(verifier.verify(t));
    expect(first.status).toBe(503);
    expect(Number(first.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Within the backoff: answered at once, without another request to the IdP.
    await rejection(verifier.verify(t));
    expect(fx.realm.counters.get('discovery')).toBe(1);
    fx.realm.faults.clear('discovery');
    // The probe interval is 1 s plus up to 20 % jitter (issue 9 item 6).
    fx.clock.advance(1_250);
    await expect(verifier.verify(t)).resolves.toBeDefined();
    expect(fx.realm.counters.get('discovery')).toBe(2);
  });

  it('probes once a second, without growing, while failures continue and nothing is cached', async () => {
    // Issue 9 item 6: this backoff grew 1, 2, 4, 8 … 30 s, so recovery took up to 30 s.
    const verifier = fx.verifier();
    const t = await token();
    fx.realm.faults.set('discovery', { type: 'status', status: 502 });
    const retryAfter: number[] = [];
    for (let i = 0; i < 6; i++) {
      const error = await rejection(verifier.verify(t));
      retryAfter.push(Number(error.headers['retry-after']));
      // Within the interval: answered at once, no request to the IdP.
      await rejection(verifier.verify(t));
      fx.clock.advance(1_250);
    }
    expect(retryAfter).toEqual([1, 1, 1, 1, 1, 1]);
    expect(fx.realm.counters.get('discovery')).toBe(6);
    fx.realm.faults.clear('discovery');
    await expect(verifier.verify(t)).resolves.toBeDefined();
  });

  it('times out a hanging discovery request', async () => {
    fx.realm.faults.set('discovery', { type: 'hang' });
    const started = Date.now();
    const error = await rejection(fx.verifier({ timeout: 300 }).verify(await token()));
    expect(error.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3_000);
    // The request's deadline (`timeout`, set when it arrived) answers it a moment before the
    // fetch's own timer aborts the fetch and reports it.
    await vi.waitFor(() =>
      expect(fx.events.find((e) => e.type === 'fetch_failed')).toMatchObject({
        reason: 'timed out after 300 ms',
      }),
    );
  });

  it('refuses a discovery response larger than the size cap', async () => {
    fx.realm.faults.set('discovery', { type: 'oversized', bytes: 300 * 1024 });
    const error = await rejection(fx.verifier().verify(await token()));
    expect(error.status).toBe(503);
    expect(fx.events.find((e) => e.type === 'fetch_failed')).toMatchObject({
      kind: 'invalid_response',
    });
  });

  it('refuses a discovery response that is not JSON', async () => {
    fx.realm.faults.set('discovery', { type: 'garbage' });
    expect((await rejection(fx.verifier().verify(await token()))).status).toBe(503);
  });

  it('reuses metadata for its TTL and refreshes it afterwards', async () => {
    const verifier = fx.verifier({ discovery: { ttl: 60_000 }, keys: { maxAge: 30_000 } });
    await verifier.verify(await token());
    fx.clock.advance(31_000);
    await verifier.verify(await token()); // keys stale: background refresh, discovery still fresh
    // Wait for the refresh to finish, not just to reach the IdP: an unfinished one would be shared.
    await vi.waitFor(() =>
      expect(fx.events.filter((e) => e.type === 'keys_refreshed')).toHaveLength(2),
    );
    expect(fx.realm.counters.get('certs')).toBe(2);
    expect(fx.realm.counters.get('discovery')).toBe(1);
    fx.clock.advance(61_000);
    await verifier.verify(await token());
    await vi.waitFor(() => expect(fx.realm.counters.get('discovery')).toBe(2));
  });

  it('keeps serving the last metadata while discovery is down', async () => {
    const verifier = fx.verifier({
      discovery: { ttl: 1_000 },
      keys: { maxAge: 1_000, cooldown: 0 },
    });
    await verifier.verify(await token());
    fx.realm.faults.set('discovery', { type: 'refuse' });
    fx.clock.advance(2_000);
    await expect(verifier.verify(await token())).resolves.toBeDefined();
    await vi.waitFor(() =>
      expect(fx.events.some((e) => e.type === 'fetch_failed' && e.servingStale)).toBe(true),
    );
    await expect(verifier.verify(await token())).resolves.toBeDefined();
  });

  it("keeps only the document's own members, in a null-prototype object", () => {
    const issuer = 'https://sso.example.com/realms/acme';
    const document = JSON.parse(
      `{"issuer":"${issuer}","jwks_uri":"${issuer}/certs","__proto__":{"userinfo_endpoint":"https://evil.example"}}`,
    ) as Record<string, unknown>;
    const proto = Object.prototype as Record<string, unknown>;
    // A prototype polluted elsewhere in the application must not supply an endpoint.
    proto.introspection_endpoint = 'https://evil.example/introspect';
    try {
      const metadata = parseMetadata(issuer, document);
      expect(Object.getPrototypeOf(metadata)).toBeNull();
      expect(metadata.introspection_endpoint).toBeUndefined();
      expect(metadata.userinfo_endpoint).toBeUndefined();
      expect(metadata.jwks_uri).toBe(`${issuer}/certs`);
      expect(Object.isFrozen(metadata)).toBe(true);
    } finally {
      delete proto.introspection_endpoint;
    }
  });
});
