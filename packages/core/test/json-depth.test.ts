import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/untrusted-json.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

// One nesting limit for every untrusted JSON document (MAX_JSON_DEPTH in untrusted-json.ts): a
// token's claims set (the JWT path) and an introspection answer (the introspection path) are
// the same claims, so one path must not refuse what the other accepts. (The introspection side
// once allowed 32 levels where tokens could nest 64.)
let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const web = { user: 'alice', client: 'orders-web-mapped' };
const OPAQUE = 'opaque-token-0123456789abcdef';
const introspection = {
  introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET },
};

/** A claim value that makes the claims set nest `levels` deep (the claims object is level 1). */
function claimNesting(levels: number): unknown {
  let value: unknown = [];
  for (let level = 3; level <= levels; level++) value = [value];
  return value;
}

/** The outcome of a token whose `deep` claim makes its claims set `levels` deep. */
async function tokenOutcome(levels: number) {
  const token = await fx.realm.accessToken({ ...web, claims: { deep: claimNesting(levels) } });
  return fx.verifier().verify(token);
}

/** The outcome of an active introspection answer with the same `deep` member. */
async function introspectionOutcome(levels: number) {
  const exp = Math.floor(fx.clock.now() / 1000) + 300;
  const body = JSON.stringify({
    active: true,
    iss: fx.realm.issuer,
    exp,
    aud: 'orders-api',
    sub: 'u1',
    deep: claimNesting(levels),
  });
  fx.realm.faults.set('introspect', { type: 'status', status: 200, body });
  return fx.verifier(introspection).verify(OPAQUE);
}

describe('one nesting limit for tokens and introspection answers', () => {
  it('is 64 levels', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
  });

  it('counts levels alike: the claim value of claimNesting(n) makes an n-deep document', () => {
    const text = JSON.stringify({ deep: claimNesting(40) });
    expect(text.match(/\[/g)).toHaveLength(39);
  });

  it.each([40, MAX_JSON_DEPTH])(
    'accepts a %i-deep introspection answer, as it accepts a token that deep',
    async (levels) => {
      const verified = await tokenOutcome(levels);
      expect(verified.username).toBe('alice');
      const introspected = await introspectionOutcome(levels);
      expect(introspected.subject).toBe('u1');
      expect(JSON.stringify(introspected.claims.deep)).toBe(JSON.stringify(claimNesting(levels)));
    },
  );

  it(`refuses a token and an introspection answer ${MAX_JSON_DEPTH + 1} levels deep`, async () => {
    const token = await rejection(tokenOutcome(MAX_JSON_DEPTH + 1));
    expect(token.code).toBe('malformed_token');
    // An answer nobody can read is the IdP's fault, not the caller's: 503, never an acceptance.
    const answer = await rejection(introspectionOutcome(MAX_JSON_DEPTH + 1));
    expect(answer.status).toBe(503);
  });
});
