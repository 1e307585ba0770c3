// Micro benchmark: verifications per second (and CPU µs per verification) for the raw RS256
// signature check with a KeyObject (the physical limit), jose's jwtVerify, and realmguard's
// verify on a cache miss and a cache hit, sequential and 16 in flight. Rounds interleave the
// cases (the machine is shared); ratios are to the raw check measured in the same run.
// Usage: node bench/micro.mjs [--seconds=1] [--rounds=3] [--json]
import { createPublicKey, verify as rawVerify } from 'node:crypto';
import { createMemoryStore, createVerifier } from '@realmguard/core';
import { createTestKeycloak } from '@realmguard/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DPOP_TARGET, measureDpop } from './dpop.mjs';
import { median, spread } from './stats.mjs';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const seconds = arg('seconds', 1);
const rounds = arg('rounds', 3);
const json = process.argv.includes('--json');

const kc = createTestKeycloak();
const realm = await kc.createRealm();
const tokens = await Promise.all(
  Array.from({ length: 200 }, () =>
    realm.accessToken({ user: 'alice', client: 'orders-web-mapped', lifetime: 3600 }),
  ),
);
const jwks = realm.keys.jwks();
const jwk = jwks.keys.find((key) => key.use === 'sig');
const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
const localJwks = createLocalJWKSet(jwks);
const common = { issuer: realm.issuer, audience: 'orders-api', fetch: kc.fetch };
const uncached = createVerifier({ ...common, cache: false });
const cached = createVerifier({ ...common });
await uncached.warmUp();
await cached.warmUp();
// Revocation row: the same cached verifier, with 10,000 revoked sessions of the realm held
// locally (none of them the benchmark tokens'), loaded from the store as at start. The members
// are written in the store's revocation-record format ([version, kind, issuer, id, iat, expiresAt,
// receivedAt]); the entry count below proves that they were taken.
const REVOKED = 10_000;
const revokedStore = createMemoryStore();
const nowSeconds = Math.floor(Date.now() / 1000);
for (let i = 0; i < REVOKED; i++) {
  const member = JSON.stringify([
    1,
    'sid',
    realm.issuer,
    `revoked-${i}`,
    nowSeconds,
    Date.now() + 3_600_000,
    0,
  ]);
  await revokedStore.addToSet('revocations', member, 3_600_000);
}
const revoked = createVerifier({ ...common, store: revokedStore });
await revoked.warmUp();
if (revoked.stats().revocation.entries !== REVOKED)
  throw new Error('the revoked set was not loaded');
const headersOf = new Map(tokens.map((t) => [t, { authorization: `Bearer ${t}` }]));
const hot = (verifier) => (t) => {
  if (!verifier.cached({ headers: headersOf.get(t) })) throw new Error('not a cache hit');
};

export const RAW = 'raw crypto.verify RS256 (KeyObject)';
export const HIT = 'realmguard verify, cache hit';
export const HIT_REVOKED = `realmguard verify, cache hit, ${REVOKED.toLocaleString('en')} revoked sessions`;
export const HOT = "realmguard cached() (adapters' hot path), no revocations";
export const HOT_REVOKED = `realmguard cached() (adapters' hot path), ${REVOKED.toLocaleString('en')} revoked sessions`;
const cases = {
  [RAW]: (t) => {
    const dot = t.lastIndexOf('.');
    const data = Buffer.from(t.slice(0, dot));
    if (!rawVerify('sha256', data, keyObject, Buffer.from(t.slice(dot + 1), 'base64url')))
      throw new Error('bad signature');
  },
  'jose jwtVerify (local JWKS)': (t) =>
    jwtVerify(t, localJwks, { issuer: realm.issuer, audience: 'orders-api' }),
  'realmguard verify, cache miss': (t) => uncached.verify(t),
  [HIT]: (t) => cached.verify(t),
  [HIT_REVOKED]: (t) => revoked.verify(t),
  [HOT]: hot(cached),
  [HOT_REVOKED]: hot(revoked),
};
for (const t of tokens) await Promise.all([cached.verify(t), revoked.verify(t)]);

async function measure(run, inFlight) {
  let count = 0;
  const end = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  const worker = async (offset) => {
    while (performance.now() < end) {
      for (let i = 0; i < 50; i++) await run(tokens[(offset + count + i) % tokens.length]);
      count += 50;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, (_, i) => worker(i * 7)));
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: count / elapsed, cpu: (used.user + used.system) / count };
}

const modes = [1, 16];
const results = {};
for (const name of Object.keys(cases))
  for (const mode of modes) results[`${name}|${mode}`] = { rate: [], cpu: [] };
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(cases)) {
    for (const mode of modes) {
      const { rate, cpu } = await measure(run, mode);
      results[`${name}|${mode}`].rate.push(rate);
      results[`${name}|${mode}`].cpu.push(cpu);
    }
  }
}

const rows = Object.entries(results).map(([key, { rate, cpu }]) => {
  const [name, mode] = key.split('|');
  return { name, inFlight: Number(mode), rate, cpu };
});
// DPoP (issue 14): the CPU a proof adds to a cached token, against one raw ES256 verify.
const dpop = await measureDpop({ kc, realm, rounds });

if (json) {
  process.stdout.write(JSON.stringify({ rounds, seconds, rows, dpop }));
} else {
  const base = median(rows.find((row) => row.name === RAW && row.inFlight === 1).rate);
  console.log(
    `\n| case | in flight | verifications/s (median of ${rounds}) | min–max | CPU µs/verification | ratio to raw |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const m = median(row.rate);
    console.log(
      `| ${row.name} | ${row.inFlight} | ${Math.round(m)} | ${spread(row.rate, 0)} | ${median(row.cpu).toFixed(1)} | ${(m / base).toFixed(2)}× |`,
    );
  }
  // The revocation check's cost, measured in this run: with vs without a revoked set.
  const cpu = (name) => median(rows.find((row) => row.name === name && row.inFlight === 1).cpu);
  const rate = (name) => median(rows.find((row) => row.name === name && row.inFlight === 1).rate);
  for (const [without, withRevoked] of [
    [HIT, HIT_REVOKED],
    [HOT, HOT_REVOKED],
  ]) {
    console.log(
      `\nrevocation check (${withRevoked} vs none): ${(rate(without) / rate(withRevoked)).toFixed(2)}× the time per request, ` +
        `${(cpu(withRevoked) - cpu(without)).toFixed(2)} CPU µs added`,
    );
  }
  console.log(`\n| DPoP case (sequential, median of ${rounds}) | CPU µs/request | min–max |`);
  console.log('| --- | --- | --- |');
  for (const row of dpop.rows) {
    console.log(`| ${row.name} | ${median(row.cpu).toFixed(1)} | ${spread(row.cpu, 1)} |`);
  }
  console.log(
    `\nDPoP request: ${dpop.added.toFixed(1)} CPU µs added to a Bearer request = ` +
      `${dpop.ratio.toFixed(2)}× one raw ES256 crypto.verify (${dpop.raw.toFixed(1)} µs); ` +
      `target ≤ ${DPOP_TARGET}×: ${dpop.ratio <= DPOP_TARGET ? 'met' : 'NOT met'}`,
  );
}
