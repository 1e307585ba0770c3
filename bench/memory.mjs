// Memory: 1,000,000 distinct valid tokens through one verifier with the default cache bounds.
// Keycloak-shaped claims (from a test-realm token) re-signed with HS256 and a distinct jti each,
// because minting a million RS256 tokens would take minutes. Run with --expose-gc.
// Usage: node --expose-gc bench/memory.mjs [--tokens=1000000] [--json]
import { createHmac } from 'node:crypto';
import { createVerifier } from '@realmguard/core';
import { createTestKeycloak } from '@realmguard/testing';
import { decodeJwt } from 'jose';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const total = arg('tokens', 1_000_000);
const json = process.argv.includes('--json');
const MiB = 1024 * 1024;

const kc = createTestKeycloak();
const realm = await kc.createRealm();
const claims = decodeJwt(
  await realm.accessToken({ user: 'alice', client: 'orders-web-mapped', lifetime: 3600 }),
);
const secret = new TextEncoder().encode('bench-secret-0123456789-abcdefghijklmnop');
const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
const claimsText = JSON.stringify({ ...claims, jti: undefined }).slice(0, -1);
const token = (i) => {
  const input = `${header}.${Buffer.from(`${claimsText},"jti":"bench-${i}"}`).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

const settings = { issuer: claims.iss, audience: 'orders-api', algorithms: ['HS256'], secret };
const verifier = createVerifier(settings);
const { maxEntries, maxBytes } = verifier.options.cache;

// Warm up a throwaway verifier first (JIT code, lazily built module state), so that the growth
// measured below is what the verifier under test holds.
const warm = createVerifier({ ...settings, cache: false });
for (let i = 0; i < 2_000; i++) await warm.verify(token(total + i));
globalThis.gc();
const before = process.memoryUsage().heapUsed;
let peak = before;
const started = performance.now();
const batch = 64;
for (let i = 0; i < total; i += batch) {
  const pending = [];
  for (let j = i; j < Math.min(i + batch, total); j++) pending.push(verifier.verify(token(j)));
  await Promise.all(pending);
  if (i % 16_384 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
}
const seconds = (performance.now() - started) / 1000;
peak = Math.max(peak, process.memoryUsage().heapUsed);
globalThis.gc();
const after = process.memoryUsage().heapUsed;
const stats = verifier.stats().tokens;
const result = {
  tokens: total,
  seconds,
  maxEntries,
  maxBytes,
  entries: stats.entries,
  cacheBytes: stats.bytes,
  heapBefore: before,
  heapAfter: after,
  heapPeak: peak,
  growth: after - before,
  withinBounds: stats.entries <= maxEntries && after - before <= maxBytes,
};
if (json) process.stdout.write(JSON.stringify(result));
else
  console.log(
    `${total} tokens in ${seconds.toFixed(0)} s: ${stats.entries} entries (max ${maxEntries}), ` +
      `heap ${(before / MiB).toFixed(1)} → ${(after / MiB).toFixed(1)} MiB after GC ` +
      `(growth ${((after - before) / MiB).toFixed(1)} MiB, bound ${maxBytes / MiB} MiB), ` +
      `peak ${(peak / MiB).toFixed(1)} MiB`,
  );
