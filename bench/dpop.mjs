// DPoP rows of the micro benchmark (issue 14 item 9): the CPU a DPoP request adds to a Bearer
// request with the same cached token, against one raw ES256 `crypto.verify` with a KeyObject
// (the physical limit of checking one proof signature). Each round signs fresh proofs first (a
// proof is accepted once), then measures, sequentially, CPU µs per call of: the raw verify over
// those proofs, `authenticate` with a cached Bearer token, and `authenticate` with a cached
// DPoP-bound token and one proof (key cache warm, jti replay check in the in-process LRU).
// Target: added CPU ≤ 1.3× the raw ES256 verify.
import { createPublicKey, verify as rawVerify } from 'node:crypto';
import { createVerifier } from '@realmguard/core';
import { createDpopProof, generateDpopKey } from '@realmguard/testing';
import { median } from './stats.mjs';

export const RAW_ES256 = 'raw crypto.verify ES256 (KeyObject), one proof signature';
export const BEARER_HIT = 'realmguard authenticate, Bearer, token cache hit';
export const DPOP_HIT = 'realmguard authenticate, DPoP proof, token cache hit';
export const DPOP_TARGET = 1.3;

/** CPU µs per call of `run` over `items`, called one after the other. */
async function cpuPer(items, run) {
  const start = process.cpuUsage();
  for (const item of items) await run(item);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / items.length;
}

/**
 * Measures the DPoP rows against the realm of the micro benchmark.
 * @returns {{ rows: { name: string, cpu: number[] }[], added: number, raw: number, ratio: number }}
 */
export async function measureDpop({ kc, realm, rounds, count = 2_000 }) {
  const now = Date.now();
  const url = 'https://api.bench/orders';
  const key = await generateDpopKey('ES256');
  const publicKey = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  const verifier = createVerifier({
    issuer: realm.issuer,
    audience: 'orders-api',
    fetch: kc.fetch,
    now: () => now,
  });
  const client = { user: 'alice', client: 'orders-web-mapped', lifetime: 3600 };
  const bound = await realm.accessToken({ ...client, dpopJkt: key.jkt });
  const bearer = await realm.accessToken(client);
  const bearerRequest = { headers: { authorization: `Bearer ${bearer}` }, method: 'GET', url };
  const makeProofs = (n) =>
    Promise.all(
      Array.from({ length: n }, () =>
        createDpopProof(key, { method: 'GET', url, accessToken: bound, now: () => now }),
      ),
    );
  const dpopRequest = (proof) => ({
    headers: { authorization: `DPoP ${bound}`, dpop: proof },
    method: 'GET',
    url,
  });
  // Warm: both tokens in the token cache, the proof key imported and its thumbprint known.
  for (const proof of await makeProofs(500)) await verifier.authenticate(dpopRequest(proof));
  await verifier.authenticate(bearerRequest);

  const cpu = { [RAW_ES256]: [], [BEARER_HIT]: [], [DPOP_HIT]: [] };
  for (let round = 0; round < rounds; round++) {
    const proofs = await makeProofs(count);
    cpu[RAW_ES256].push(
      await cpuPer(proofs, (proof) => {
        const dot = proof.lastIndexOf('.');
        const valid = rawVerify(
          'sha256',
          Buffer.from(proof.slice(0, dot)),
          { key: publicKey, dsaEncoding: 'ieee-p1363' },
          Buffer.from(proof.slice(dot + 1), 'base64url'),
        );
        if (!valid) throw new Error('bad proof signature');
      }),
    );
    cpu[BEARER_HIT].push(await cpuPer(proofs, () => verifier.authenticate(bearerRequest)));
    cpu[DPOP_HIT].push(await cpuPer(proofs, (proof) => verifier.authenticate(dpopRequest(proof))));
  }
  const raw = median(cpu[RAW_ES256]);
  const added = median(cpu[DPOP_HIT]) - median(cpu[BEARER_HIT]);
  return {
    rows: Object.entries(cpu).map(([name, values]) => ({ name, cpu: values })),
    raw,
    added,
    ratio: added / raw,
  };
}
