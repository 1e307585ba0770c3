// Cold start: N concurrent first verifications cause one discovery and one JWKS fetch, and
// warmUp() prefetches both so that the first requests fetch nothing.
import { createVerifier } from '@realmguard/core';

export async function coldStart({ kc, realm, tokens, concurrent = 50 }) {
  const counting = () => {
    const counts = { discovery: 0, jwks: 0 };
    const fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url === realm.discoveryUrl) counts.discovery++;
      if (url === realm.jwksUri) counts.jwks++;
      return kc.fetch(input, init);
    };
    return { counts, fetch };
  };
  const options = { issuer: realm.issuer, audience: 'orders-api' };
  const cold = counting();
  const verifier = createVerifier({ ...options, fetch: cold.fetch });
  const batch = tokens.slice(0, concurrent);
  await Promise.all(batch.map((token) => verifier.verify(token)));

  const warm = counting();
  const warmed = createVerifier({ ...options, fetch: warm.fetch });
  await warmed.warmUp();
  const afterWarmUp = { ...warm.counts };
  await Promise.all(batch.map((token) => warmed.verify(token)));
  return {
    concurrent: batch.length,
    cold: cold.counts,
    warmUp: afterWarmUp,
    afterWarmUpRequests: {
      discovery: warm.counts.discovery - afterWarmUp.discovery,
      jwks: warm.counts.jwks - afterWarmUp.jwks,
    },
  };
}
