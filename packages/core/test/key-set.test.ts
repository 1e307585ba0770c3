import type { JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKeyFixture } from '@realmguard/test-fixtures';
import { parseKeySet } from '../src/key-set.js';
import { startRealm, type RealmFixture } from './helpers.js';

// Issue 9 item 13: a JWKS that also publishes private members of its keys is the operator's
// problem (a configuration_problem event), never the caller's token's (it was malformed_token).
let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const fixture = loadKeyFixture('rs256-b');
const privateJwk = fixture.privateJwk as JWK;
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/** Makes the fixture key the signing key and serves a JWKS that carries its private members. */
async function leakingJwks(): Promise<string> {
  const kid = await fx.realm.keys.add({ alg: 'RS256', privateJwk });
  const keys = fx.realm.keys
    .jwks()
    .keys.map((key) => (key.kid === kid ? { ...privateJwk, ...key } : key));
  expect(keys.find((key) => key.kid === kid)).toHaveProperty('d');
  fx.realm.faults.set('certs', { type: 'status', status: 200, body: JSON.stringify({ keys }) });
  return kid;
}

const problems = () =>
  fx.events.filter((e) => e.type === 'configuration_problem' && e.code === 'jwks_private_key');

describe('a JWKS that publishes private key members', () => {
  it('verifies tokens with the public members and reports the leak once per key-set fetch', async () => {
    const kid = await leakingJwks();
    const verifier = fx.verifier({ keys: { cooldown: 0 } });
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ username: 'alice' });
    const bob = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    await expect(verifier.verify(bob)).resolves.toBeDefined();
    expect(fx.realm.counters.get('certs')).toBe(1);
    expect(problems()).toHaveLength(1);
    const [event] = problems();
    const hint = event?.type === 'configuration_problem' ? event.hint : '';
    expect(hint).toContain(`kid ${kid}: d, p, q, dp, dq, qi`);
    expect(hint).toContain('private key material');
    // Names only: no private value ever reaches an event.
    for (const member of PRIVATE) {
      expect(hint).not.toContain(String(privateJwk[member]).slice(0, 16));
    }
    // Another fetch of the same key set (an unknown kid) reports it again, once.
    await verifier.verify(await fx.realm.adversarial.unknownKid()).catch(() => undefined);
    expect(fx.realm.counters.get('certs')).toBe(2);
    expect(problems()).toHaveLength(2);
    expect(fx.events.filter((e) => e.type === 'verification_failed')).toEqual([
      { type: 'verification_failed', code: 'unknown_key' },
    ]);
  });

  it('never copies private or inherited members into the key it imports', () => {
    const hostile = JSON.parse(
      JSON.stringify({ ...privateJwk, kid: 'x', use: 'sig' }).replace(
        /^\{/,
        '{"__proto__":{"alg":"HS256","use":"enc"},',
      ),
    ) as Record<string, unknown>;
    const { set, privateMaterial } = parseKeySet({
      keys: [hostile, { kty: 'oct', k: 'c2VjcmV0', kid: 's' }, 'junk', null, [1]],
    });
    expect(set.keys).toHaveLength(1);
    const jwk = set.byKid.get('x')!.jwk;
    expect(Object.keys(jwk).sort()).toEqual(['e', 'kid', 'kty', 'n', 'use']);
    expect(jwk.alg).toBeUndefined();
    expect(privateMaterial).toEqual([
      { kid: 'x', members: ['d', 'p', 'q', 'dp', 'dq', 'qi'] },
      { kid: 's', members: ['k'] },
    ]);
  });

  it('reads "keys" only as an own member of the document', () => {
    const document = JSON.parse('{"__proto__":{"keys":[]}}') as Record<string, unknown>;
    expect(() => parseKeySet(document)).toThrow('JWKS has no "keys" array');
    expect(() => parseKeySet(Object.create({ keys: [] }) as Record<string, unknown>)).toThrow(
      'JWKS has no "keys" array',
    );
  });
});
