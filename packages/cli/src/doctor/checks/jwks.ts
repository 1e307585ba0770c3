import type { JWK } from 'jose';
import { isObject, request } from '../http.js';
import type { Check } from '../types.js';
import { fail, list, pass } from './outcome.js';

/** Signing keys only: `use` absent or `sig`, `verify` allowed, an asymmetric key type. */
export function isSigningKey(jwk: JWK): boolean {
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return false;
  return jwk.kty === 'RSA' || jwk.kty === 'EC' || jwk.kty === 'OKP';
}

const ADD_KEY =
  'In the Keycloak admin console: Realm settings → Keys → Providers: add (or enable) an ' +
  'rsa-generated provider, Key size 2048 or larger.';

/** GET the JWKS named by the metadata; it must publish at least one signing key. */
export const jwks: Check = {
  id: 'jwks',
  title: 'JWKS reachable with signing keys',
  needs: ['issuer-reachable'],
  needsToken: false,
  async run(ctx) {
    const uri = ctx.metadata?.jwks_uri;
    if (typeof uri !== 'string' || !/^https?:\/\//.test(uri)) {
      return fail(
        'the discovery document has no http(s) "jwks_uri"',
        'The provider publishes no keys: it cannot be used for JWT access tokens.',
      );
    }
    const response = await request(uri, {
      method: 'GET',
      fetch: ctx.fetch,
      timeout: ctx.timeout,
      now: ctx.now,
    });
    const where = `GET ${uri}`;
    if (response.status === undefined) {
      return fail(
        `${where}: ${response.error ?? 'no answer'}`,
        'The certs endpoint comes from the metadata (Keycloak builds it from the backend URL): ' +
          'this machine must reach it. Check KC_HOSTNAME_BACKCHANNEL_DYNAMIC / the backend URL, ' +
          'proxies and firewalls.',
      );
    }
    if (response.status !== 200 || !isObject(response.json)) {
      return fail(
        `${where}: HTTP ${response.status}${response.error ? `, ${response.error}` : ''}`,
        'The certs endpoint answers with an error: check the identity provider and its proxy.',
      );
    }
    const keys = response.json.keys;
    if (!Array.isArray(keys)) {
      return fail(`${where}: no "keys" array`, 'This is not a JWKS document (RFC 7517).');
    }
    const all = keys.filter((key): key is JWK => isObject(key));
    const signing = all.filter(isSigningKey);
    ctx.allKeys = all;
    ctx.signingKeys = signing;
    const skipped = all.length - signing.length;
    const describe = signing.map((key) => `${key.alg ?? key.kty ?? '?'} ${key.kid ?? '(no kid)'}`);
    if (signing.length === 0) {
      return fail(
        `${where}: ${all.length} keys, none for signatures${skipped ? ` (${skipped} encryption keys skipped)` : ''}`,
        ADD_KEY,
      );
    }
    return pass(
      `${signing.length} signing key${signing.length === 1 ? '' : 's'}: ${list(describe)}` +
        (skipped ? `; ${skipped} encryption key${skipped === 1 ? '' : 's'} skipped` : ''),
    );
  },
};
