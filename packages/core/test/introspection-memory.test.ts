import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownJson } from '../src/untrusted-json.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap in use after two full collections. */
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const MiB = 1024 * 1024;
const introspection = (maxResponseBytes?: number) => ({
  introspection: {
    clientId: 'orders-api',
    clientSecret: CLIENT_SECRET,
    ...(maxResponseBytes ? { maxResponseBytes } : {}),
  },
});
/** About 100 KB of JSON: 4,500 group names, the shape that costs V8 the most per character. */
const GROUPS = Array.from(
  { length: 4500 },
  (_, i) => `group-${String(i).padStart(5, '0')}-abcdefgh`,
);

describe('memory bound of the introspection answers', () => {
  it('keeps 2,500 opaque tokens with 100 KB answers within cache.maxBytes per cache', async () => {
    const maxBytes = 8 * MiB;
    const verifier = fx.verifier({ cache: { maxBytes }, ...introspection(256 * 1024) });
    const mapped = { user: 'alice', client: 'orders-web-mapped', claims: { groups: GROUPS } };
    const tokens = await Promise.all(
      Array.from({ length: 2500 }, () => fx.realm.opaqueToken(mapped)),
    );
    const before = heapUsed();
    for (let i = 0; i < tokens.length; i += 25) {
      await Promise.all(tokens.slice(i, i + 25).map((token) => verifier.verify(token)));
    }
    const grown = heapUsed() - before;
    const stats = verifier.stats();
    expect(stats.tokens!.bytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.introspection!.bytes).toBeLessThanOrEqual(maxBytes);
    // The two caches share the claims objects; each is bounded by maxBytes of estimate, and
    // the estimate is never below the real heap (next test): 2 × maxBytes, plus 4 MiB of slack.
    expect(grown).toBeLessThan(2 * maxBytes + 4 * MiB);
    console.info(
      `[introspection-memory] 2,500 tokens × ${JSON.stringify(GROUPS).length} B answers: heap ` +
        `+${(grown / MiB).toFixed(1)} MiB; token cache ${stats.tokens!.entries} entries ` +
        `${(stats.tokens!.bytes / MiB).toFixed(1)} MiB, introspection cache ` +
        `${stats.introspection!.cached} entries ${(stats.introspection!.bytes / MiB).toFixed(1)} ` +
        `MiB (bound ${maxBytes / MiB} MiB each)`,
    );
  }, 120_000);

  it('estimates at least the heap that copied answers take, whatever their shape', () => {
    const shapes: Record<string, unknown> = {
      'many short strings': { active: true, groups: GROUPS },
      'one large string': { active: true, blob: 'x'.repeat(100_000) },
      'many small objects': {
        active: true,
        resource_access: Object.fromEntries(
          Array.from({ length: 1500 }, (_, i) => [`client-${i}`, { roles: [`role-${i}`, 'v'] }]),
        ),
      },
      'many numbers': { active: true, n: Array.from({ length: 10_000 }, (_, i) => i + 0.5) },
    };
    for (const [shape, answer] of Object.entries(shapes)) {
      const text = JSON.stringify(answer);
      const before = heapUsed();
      const kept = Array.from({ length: 100 }, () => ownJson(JSON.parse(text)));
      const perCopy = (heapUsed() - before) / kept.length;
      expect(kept[0]!.bytes, shape).toBeGreaterThanOrEqual(perCopy);
    }
  });

  it('refuses an answer larger than introspection.maxResponseBytes (64 KiB by default)', async () => {
    const verifier = fx.verifier(introspection());
    const token = await fx.realm.opaqueToken({
      user: 'alice',
      client: 'orders-web-mapped',
      claims: { groups: GROUPS },
    });
    const error = await rejection(verifier.verify(token));
    expect(error.status).toBe(503);
    const problem = fx.events.find((e) => e.type === 'configuration_problem');
    expect(problem && 'hint' in problem ? problem.hint : '').toMatch(
      /introspection\.maxResponseBytes/,
    );
    expect(verifier.stats().introspection!.bytes).toBeLessThan(1024);
    // The refusal is cached briefly for that token: no second call.
    await rejection(verifier.verify(token));
    expect(fx.realm.counters.get('introspect')).toBe(1);
  });
});
