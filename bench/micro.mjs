// Micro benchmark: verifications per second for the raw RS256 signature check (the physical
// limit), jose's jwtVerify, and realmguard's verify on a cache miss and a cache hit. Ratios are
// against the raw check measured in the same run, rounds interleaved (the machine is shared).
// Usage: node bench/micro.mjs [--seconds=1] [--rounds=3]
import { createPublicKey, verify as rawVerify } from 'node:crypto';
import { createVerifier } from '@realmguard/core';
import { createTestKeycloak } from '@realmguard/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const seconds = arg('seconds', 1);
const rounds = arg('rounds', 3);

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

const cases = {
  'raw crypto.verify RS256 (KeyObject)': (t) => {
    const dot = t.lastIndexOf('.');
    if (
      !rawVerify(
        'sha256',
        Buffer.from(t.slice(0, dot)),
        keyObject,
        Buffer.from(t.slice(dot + 1), 'base64url'),
      )
    )
      throw new Error('bad');
  },
  'jose jwtVerify (local JWKS)': (t) =>
    jwtVerify(t, localJwks, { issuer: realm.issuer, audience: 'orders-api' }),
  'realmguard verify, cache miss': (t) => uncached.verify(t),
  'realmguard verify, cache hit': (t) => cached.verify(t),
};

async function measure(run) {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await run(tokens[(count + i) % tokens.length]);
    count += 50;
  }
  return count / seconds;
}

const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, run] of Object.entries(cases)) results[name].push(await measure(run));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results['raw crypto.verify RS256 (KeyObject)']);
console.log(`\n| case | verifications/s (median of ${rounds}) | min–max | ratio to raw |`);
console.log('| --- | --- | --- | --- |');
for (const [name, xs] of Object.entries(results)) {
  const m = median(xs);
  console.log(
    `| ${name} | ${Math.round(m)} | ${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))} | ${(m / base).toFixed(2)}× |`,
  );
}
