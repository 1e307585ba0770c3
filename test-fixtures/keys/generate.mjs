// Regenerates the static test keys in this folder. Run once from the repository root:
//   node test-fixtures/keys/generate.mjs
// The keys are test-only and public on purpose: never use them outside tests.
import { writeFile } from 'node:fs/promises';
import * as jose from 'jose';

const PRIVATE_ONLY = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

function publicPart(jwk) {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_ONLY.includes(k)));
}

async function rsaPair(modulusLength) {
  // jose refuses to generate keys under 2048 bits, so the weak key comes from Web Crypto directly.
  const { privateKey } = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  return jose.exportJWK(privateKey);
}

async function josePair(alg) {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  return jose.exportJWK(privateKey);
}

const fixtures = {
  'rs256-a': { alg: 'RS256', use: 'sig', bits: 2048, make: () => rsaPair(2048) },
  'rs256-b': { alg: 'RS256', use: 'sig', bits: 2048, make: () => rsaPair(2048) },
  'rsa-oaep': { alg: 'RSA-OAEP', use: 'enc', bits: 2048, make: () => rsaPair(2048) },
  es256: { alg: 'ES256', use: 'sig', make: () => josePair('ES256') },
  ed25519: { alg: 'EdDSA', use: 'sig', make: () => josePair('EdDSA') },
  'rs256-1024-weak': { alg: 'RS256', use: 'sig', bits: 1024, make: () => rsaPair(1024) },
};

for (const [name, spec] of Object.entries(fixtures)) {
  const privateJwk = await spec.make();
  const doc = {
    name,
    alg: spec.alg,
    use: spec.use,
    ...(spec.bits ? { modulusLength: spec.bits } : {}),
    note: 'Static TEST key for @realmguard tests. Public on purpose: never trust it anywhere.',
    privateJwk,
    publicJwk: publicPart(privateJwk),
  };
  await writeFile(new URL(`./${name}.json`, import.meta.url), JSON.stringify(doc, null, 2) + '\n');
  console.log(`wrote ${name}.json`);
}
