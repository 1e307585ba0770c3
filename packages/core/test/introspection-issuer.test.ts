import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

// Fuzz finding N1 (/tmp/rg-coord/fuzz-findings.md): an introspection answer with `"iss": null`
// was read as an answer without iss (`claims.iss ?? introspection.issuer`), accepted, and its
// principal's issuer was ''. RFC 7662 §2.2 makes `iss` an optional string: a present iss must be
// the issuer whose endpoint answered, as a string; an absent one means that issuer.
let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const introspection = {
  introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET },
};
const OPAQUE = 'opaque-token-0123456789abcdef';

/** The realm's introspection endpoint answers an active token with these extra members. */
function activeAnswer(members: string): void {
  const exp = Math.floor(fx.clock.now() / 1000) + 300;
  const body =
    `{"active":true,"exp":${exp},"aud":"orders-api","typ":"Bearer",` +
    `"realm_access":{"roles":["admin"]}${members}}`;
  fx.realm.faults.set('introspect', { type: 'status', status: 200, body });
}

describe('the issuer of an introspection answer', () => {
  it('refuses an introspection answer whose iss is null (401 untrusted_issuer)', async () => {
    activeAnswer(',"iss":null');
    const error = await rejection(fx.verifier(introspection).verify(OPAQUE));
    expect(error.status).toBe(401);
    expect(error.code).toBe('untrusted_issuer');
  });

  it.each([
    ['a number', '42'],
    ['a boolean', 'false'],
    ['an empty string', '""'],
    ['an array holding the issuer', 'ISSUER_ARRAY'],
    ['an object', '{"iss":"ISSUER"}'],
    ['another URL', '"https://sso.example.com/realms/other"'],
    ['the issuer with a trailing slash', 'ISSUER_SLASH'],
  ])('refuses an answer whose iss is %s', async (_what, iss) => {
    const literal = iss
      .replace('ISSUER_ARRAY', JSON.stringify([fx.realm.issuer]))
      .replace('ISSUER_SLASH', JSON.stringify(`${fx.realm.issuer}/`))
      .replace('"ISSUER"', JSON.stringify(fx.realm.issuer));
    activeAnswer(`,"iss":${literal}`);
    expect((await rejection(fx.verifier(introspection).verify(OPAQUE))).code).toBe(
      'untrusted_issuer',
    );
  });

  it('refuses an answer naming another allow-listed issuer than the one asked', async () => {
    const other = `${fx.url}/realms/other`;
    activeAnswer(`,"iss":${JSON.stringify(other)}`);
    const verifier = fx.verifier({
      issuer: [fx.realm.issuer, other],
      introspection: { ...introspection.introspection, issuer: fx.realm.issuer },
    });
    expect((await rejection(verifier.verify(OPAQUE))).code).toBe('untrusted_issuer');
  });

  it('accepts an answer whose iss is the issuer asked', async () => {
    activeAnswer(`,"iss":${JSON.stringify(fx.realm.issuer)}`);
    const principal = await fx.verifier(introspection).verify(OPAQUE);
    expect(principal.issuer).toBe(fx.realm.issuer);
    expect(principal.hasRole('admin')).toBe(true);
  });

  it('gives a principal from an answer without iss the introspection issuer', async () => {
    activeAnswer('');
    const principal = await fx.verifier(introspection).verify(OPAQUE);
    expect(principal.issuer).toBe(fx.realm.issuer);
    expect(principal.claims.iss).toBe(fx.realm.issuer);
    expect(principal.source).toBe('introspection');
  });

  it('refuses a JWT whose introspection answer names another issuer (always mode)', async () => {
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    activeAnswer(',"iss":null');
    const verifier = fx.verifier({
      introspection: { ...introspection.introspection, use: ['always'] },
    });
    expect((await rejection(verifier.verify(token))).code).toBe('untrusted_issuer');
  });
});
