/**
 * Properties of `Authorization` values (issue 9, "Make it stay fixed"), in process: through
 * `verifier.authenticate` with Node-style header bags (one value, or several as an array) and
 * through the Web guard `createGuard` with Fetch `Request`s. Whatever the headers: a Principal,
 * an AuthError or a Response (never a throw, never a 5xx), the status RFC 6750 and issue 9 ask
 * for, an acceptance only of a valid token sent alone, and never the credential in the answer
 * or an event. The Express and Hono suites send the same values over real HTTP.
 */
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  createVerifier,
  role,
  scope,
  type Policy,
  type Principal,
  type Verifier,
  type VerifierEvent,
} from '../../src/index.js';
import { authorizationHeaders, checkAnswer, expectedAnswer } from './authorization.js';
import { eventsSurface, expectNoLeak, secretsOf, settle } from './checks.js';
import { fuzzParams, fuzzTimeout } from './fuzz.js';
import { jwtOracle } from './oracle.js';
import { REFETCH_AT_ONCE, startPropertyRealm, type PropertyRealm } from './realm.js';

let pr: PropertyRealm;
let verifier: Verifier;
const events: VerifierEvent[] = [];
let valid: string[];
const tokenOf = (principal: Principal) =>
  valid.find((t) => decodeJwt(t).jti === principal.claims.jti);

beforeAll(async () => {
  pr = await startPropertyRealm();
  verifier = createVerifier({
    issuer: pr.issuer,
    audience: 'orders-api',
    clockTolerance: 0,
    now: pr.clock.now,
    keys: REFETCH_AT_ONCE,
    fetch: pr.fetch(),
    onEvent: (event) => events.push(event),
  });
  await verifier.warmUp();
  valid = [(await pr.validParts('alice')).token, (await pr.validParts('bob')).token];
  for (const token of valid) {
    const verdict = await jwtOracle(token, pr.realm.keys.jwks(), {
      issuers: [pr.issuer],
      audience: 'orders-api',
      acceptAuthorizedParty: false,
      clockTolerance: 0,
      now: pr.clock.now(),
    });
    expect(verdict.ok).toBe(true);
  }
});
afterAll(() => pr.close());

const RUNS = { bag: 1500, guard: 1000 };

/** Headers as Fetch builds them; undefined when a value is not a valid header value. */
function fetchHeaders(values: readonly string[]): Headers | undefined {
  try {
    const headers = new Headers();
    for (const value of values) headers.append('authorization', value);
    return headers;
  } catch {
    return undefined;
  }
}

describe('Authorization values', () => {
  it(
    'through verifier.authenticate (Node header bags): the answer RFC 6750 and issue 9 ask for',
    async () => {
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(authorizationHeaders(valid), async (values) => {
          const headers =
            values.length === 0 ? {} : { authorization: values.length === 1 ? values[0] : values };
          const outcome = await settle(verifier.authenticate({ headers }));
          const answer =
            'error' in outcome
              ? { status: outcome.error.status, error: outcome.error.error }
              : { status: 200, error: undefined, acceptedToken: tokenOf(outcome.principal) };
          checkAnswer(expectedAnswer(values, valid), answer, 'authenticate');
          if ('error' in outcome) {
            seen.refused++;
            expectNoLeak(
              JSON.stringify([outcome.error.body, outcome.error.headers]),
              secretsOf(...values),
            );
          } else seen.accepted++;
          expectNoLeak(eventsSurface(events), secretsOf(...values), 'events');
          events.length = 0;
        }),
        fuzzParams(RUNS.bag, 1),
      );
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    },
    fuzzTimeout(RUNS.bag, 20),
  );

  it(
    'through the Web guard: a Principal or a 400/401/403 Response, never a throw or a leak',
    async () => {
      const guard = createGuard(verifier);
      const policies: (Policy | undefined)[] = [undefined, role('admin'), scope('email')];
      await fc.assert(
        fc.asyncProperty(
          authorizationHeaders(valid),
          fc.nat(policies.length - 1),
          async (values, p) => {
            const headers = fetchHeaders(values);
            if (!headers) return; // not sendable over HTTP; the header-bag property covers it
            const request = new Request('http://api.test/orders', { headers });
            let result: Principal | Response;
            try {
              result = await guard(request, policies[p]);
            } catch (error) {
              throw new Error(`the guard threw: ${String(error)}`);
            }
            // Fetch joins repeated headers with ", ": the guard sees one value.
            const seen = headers.get('authorization');
            const expected =
              values.length > 1
                ? ({ kind: 'unclear' } as const)
                : expectedAnswer(seen === null ? [] : [seen], valid, { fetchHeaders: true });
            if (result instanceof Response) {
              const text = await result.text();
              const body = text === '' ? {} : (JSON.parse(text) as { error?: string });
              checkAnswer(expected, { status: result.status, error: body.error }, 'guard');
              const headerText = JSON.stringify([...result.headers]);
              expectNoLeak(text + headerText, secretsOf(...values), 'guard response');
            } else {
              checkAnswer(
                expected,
                { status: 200, error: undefined, acceptedToken: tokenOf(result) },
                'guard',
              );
            }
            expectNoLeak(eventsSurface(events), secretsOf(...values), 'events');
            events.length = 0;
          },
        ),
        fuzzParams(RUNS.guard, 2),
      );
    },
    fuzzTimeout(RUNS.guard, 20),
  );
});
