/**
 * Properties of introspection answers (issue 9): whatever the identity provider answers (any
 * status, the real answer edited as JSON text, prototype keys, non-string `typ`/`token_type`,
 * huge numbers, padding past the response cap, junk), an opaque token, or a JWT in `always`
 * mode, gets a Principal or a 401/503 AuthError, never a throw or another status; an accepted
 * answer is one RFC 7662 and the Keycloak rules accept; the principal says what the answer's
 * own members say (finding 1); nothing leaks the token or the client secret.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, role, type VerifierEvent } from '../../src/index.js';
import {
  eventsSurface,
  expectNoLeak,
  expectStatus,
  secretsOf,
  settle,
  surfaceOf,
} from './checks.js';
import { fuzzParams, fuzzTimeout } from './fuzz.js';
import { idpAnswer, prototypePayload, serve } from './idp-bodies.js';
import { fromValue, lit, type Json } from './json-text.js';
import {
  expectedPrincipal,
  introspectionOracle,
  jwtOracle,
  principalView,
  type OracleOptions,
} from './oracle.js';
import { startPropertyRealm, type PropertyRealm } from './realm.js';
import { claimValue, CLAIM_NAMES } from './signed-tokens.js';

let pr: PropertyRealm;
let answerText: string;
let jwt: string;

beforeAll(async () => {
  pr = await startPropertyRealm();
  const opaque = await pr.realm.opaqueToken({ user: 'alice', client: 'orders-web-mapped' });
  const { clientId, clientSecret } = pr.client;
  const response = await fetch(pr.realm.introspectionEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    body: new URLSearchParams({ token: opaque }),
  });
  answerText = await response.text();
  expect(JSON.parse(answerText)).toMatchObject({ active: true });
  jwt = (await pr.validParts('alice')).token;
});
afterAll(() => pr.close());

const NAMES = ['active', 'token_type', 'client_id', 'username', ...CLAIM_NAMES];
const MAX_BYTES = 256 * 1024;

function answerValue(p: PropertyRealm): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 4, arbitrary: claimValue(p) },
    fc
      .constantFrom(true, 'true', 1, false, null, 'Bearer', 'bearer', 'DPoP', ['Bearer'], {})
      .map(lit),
    fc.constant(prototypePayload(p)),
    fc.constant(fromValue({ roles: ['admin'] })),
  );
}

const MODES = [
  { name: 'opaque', audience: 'orders-api', acceptAuthorizedParty: false, use: 'opaque' },
  { name: 'opaque-azp', audience: 'orders-api', acceptAuthorizedParty: true, use: 'opaque' },
  { name: 'always', audience: 'orders-api', acceptAuthorizedParty: false, use: 'always' },
] as const;

const RUNS = 150;

describe('introspection answers', () => {
  it(
    'any answer: a Principal its own members describe, or a 401/503, never a throw or a leak',
    async () => {
      const seen = { accepted: 0, refused: 0 };
      let counter = 0;
      await fc.assert(
        fc.asyncProperty(
          idpAnswer(answerText, NAMES, answerValue(pr)),
          fc.nat(MODES.length - 1),
          async (answer, m) => {
            const mode = MODES[m]!;
            const events: VerifierEvent[] = [];
            const verifier = createVerifier({
              issuer: pr.issuer,
              audience: mode.audience,
              acceptAuthorizedParty: mode.acceptAuthorizedParty,
              clockTolerance: 0,
              now: pr.clock.now,
              onEvent: (event) => events.push(event),
              introspection: { ...pr.client, use: mode.use },
              fetch: pr.fetch(),
            });
            const token =
              mode.use === 'always'
                ? jwt
                : `opaque${String(++counter).padStart(6, '0')}${'x'.repeat(32)}`;
            serve(pr, 'introspect', answer);
            const outcome = await settle(verifier.verify(token));
            const secrets = secretsOf(token);
            expectNoLeak(surfaceOf(outcome), secrets, 'outcome');
            expectNoLeak(eventsSurface(events), secrets, 'events');
            if ('error' in outcome) {
              seen.refused++;
              expectStatus(outcome.error, [401, 503], `(${mode.name}, HTTP ${answer.status})`);
              return;
            }
            seen.accepted++;
            const o: OracleOptions & { maxBytes: number } = {
              issuers: [pr.issuer],
              audience: mode.audience,
              acceptAuthorizedParty: mode.acceptAuthorizedParty,
              clockTolerance: 0,
              now: pr.clock.now(),
              maxBytes: MAX_BYTES,
            };
            // In `always` mode the JWT's own claims decide; the answer must still say active.
            const verdict = introspectionOracle(answer.status, answer.body, {
              ...o,
              claims: mode.use !== 'always',
            });
            if (!verdict.ok)
              throw new Error(
                `${mode.name} accepted an answer the oracle refuses: ${verdict.reason}`,
              );
            let claims = verdict.claims;
            if (mode.use === 'always') {
              const local = await jwtOracle(jwt, pr.realm.keys.jwks(), o);
              if (!local.ok)
                throw new Error(`the JWT oracle refuses the valid token: ${local.reason}`);
              claims = { ...claims, ...local.claims };
            }
            const actual = principalView(outcome.principal);
            const expected = expectedPrincipal(claims);
            expect(actual).toEqual(expected);
            // Finding 1: "/admin answers 200" through a prototype.
            const admin = await Promise.resolve(role('admin').check(outcome.principal)).then(
              () => true,
              () => false,
            );
            expect(admin).toBe(expected.realmRoles.includes('admin'));
          },
        ),
        fuzzParams(RUNS, 1),
      );
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    },
    fuzzTimeout(RUNS, 200),
  );
});
