import { keyFitsAlgorithm } from '@realmguard/core';
import type { Check } from '../types.js';
import { fail, list, notJwt, pass } from './outcome.js';

const UNKNOWN_KEY =
  'The token was signed by a key this issuer does not publish. Either it comes from another ' +
  'Keycloak server or realm (compare "Token issuer" below), or its key was disabled or deleted ' +
  '(Realm settings → Keys): tokens signed with a removed key stay invalid, request a new one. ' +
  'After a realm is re-created (a dev container restarted), old tokens no longer verify.';

/** The header's `kid` names a published signing key that fits `alg`. */
export const kid: Check = {
  id: 'kid',
  title: 'Key id found',
  needs: ['algorithm', 'jwks'],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const alg = ctx.jws.header.alg as string;
    const headerKid = ctx.jws.header.kid;
    const signing = ctx.signingKeys ?? [];
    const published = list(signing.map((key) => key.kid ?? '(no kid)'));
    if (headerKid === undefined) {
      const fitting = signing.filter((key) => keyFitsAlgorithm(key, alg));
      if (fitting.length === 1 && fitting[0]) {
        ctx.key = fitting[0];
        return pass(`no kid in the header; the only ${alg} key is used`);
      }
      return fail(
        `no kid in the header and ${fitting.length} published keys fit ${alg}`,
        'Without a kid only an unambiguous key can be chosen: tokens from Keycloak always ' +
          'carry a kid. Is this token from another provider?',
      );
    }
    if (typeof headerKid !== 'string') {
      return fail('the header "kid" is not a string', 'This token was not issued by Keycloak.');
    }
    const found = signing.find((key) => key.kid === headerKid);
    if (found && keyFitsAlgorithm(found, alg)) {
      ctx.key = found;
      return pass(`kid ${headerKid} is a published ${found.kty} signing key`);
    }
    if (found) {
      return fail(
        `kid ${headerKid} is a ${found.kty}${found.alg ? ` ${found.alg}` : ''} key, which cannot verify ${alg}`,
        'The header alg does not match the key: the token was altered or not issued by this realm.',
      );
    }
    const other = ctx.allKeys?.find((key) => key.kid === headerKid);
    if (other) {
      return fail(
        `kid ${headerKid} names an encryption key (use "${String(other.use)}"), not a signing key`,
        'Encryption keys never verify signatures: the token was not signed by this realm.',
      );
    }
    return fail(`kid ${headerKid} is not in the JWKS (published: ${published})`, UNKNOWN_KEY);
  },
};
