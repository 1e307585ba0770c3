import { compactVerify, importJWK } from 'jose';
import type { Check } from '../types.js';
import { fail, notJwt, pass } from './outcome.js';

/** Used only if core's verdict did not carry its own `weak_key` hint. */
const ROTATE =
  'Rotate the realm key in the Keycloak admin console: Realm settings → Keys → Providers → Add ' +
  'provider → rsa-generated, Key size 2048 (or larger), with a higher priority than the current ' +
  'key. Once new tokens carry the new kid, make the old provider passive, and delete it after ' +
  'the longest token lifetime has passed.';

function modulusBits(key: CryptoKey | Uint8Array): number | undefined {
  if (key instanceof Uint8Array) return undefined;
  const algorithm = key.algorithm as { modulusLength?: unknown };
  return typeof algorithm.modulusLength === 'number' ? algorithm.modulusLength : undefined;
}

/** The signature verifies with the published key, and an RSA key has at least 2048 bits. */
export const signature: Check = {
  id: 'signature',
  title: 'Signature valid',
  needs: ['kid'],
  needsToken: true,
  async run(ctx) {
    if (!ctx.jws || !ctx.key) return notJwt();
    const alg = ctx.jws.header.alg as string;
    const kidText = ctx.key.kid ?? '(no kid)';
    let key: CryptoKey | Uint8Array;
    try {
      key = await importJWK(ctx.key, alg);
    } catch {
      return fail(
        `the published key ${kidText} cannot be imported for ${alg}`,
        'The JWKS entry is broken: check the realm keys (Realm settings → Keys).',
      );
    }
    const bits = modulusBits(key);
    if (bits !== undefined && bits < 2048) {
      const verdict = await ctx.verdict();
      const hint = !verdict.accepted && verdict.code === 'weak_key' ? verdict.hint : undefined;
      return fail(
        `signed with a ${bits}-bit RSA key (kid ${kidText}); at least 2048 bits are required`,
        hint ?? ROTATE,
      );
    }
    try {
      await compactVerify(ctx.options.token ?? '', key, { algorithms: [alg] });
    } catch {
      return fail(
        `the ${alg} signature does not verify with key ${kidText}`,
        'The token was altered or truncated, or signed by a different key published under the ' +
          'same kid (a realm re-created with imported keys?). Request a new token and pass it ' +
          'unchanged.',
      );
    }
    ctx.signatureVerified = true;
    return pass(`${alg} signature verified with key ${kidText}${bits ? ` (${bits}-bit RSA)` : ''}`);
  },
};
