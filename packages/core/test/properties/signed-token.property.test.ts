/**
 * Properties of validly signed hostile tokens (issue 9, "Make it stay fixed"): every claim with
 * every type, prototype keys, repeated members, huge numbers and deep nesting, in the claims and
 * in the header. Whatever the token, `verify` gives a Principal or a 401 AuthError, never a
 * throw or a 5xx; it never accepts what jose's `jwtVerify` plus the Keycloak rules refuse; the
 * principal says what the claims' own members say; nothing leaks the token.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from './fuzz.js';
import { startPropertyRealm, type PropertyRealm } from './realm.js';
import {
  buildToken,
  checkAgainstOracle,
  tokenSpec,
  verifierConfigs,
  type Tally,
  type VerifierUnderTest,
} from './signed-tokens.js';

let pr: PropertyRealm;
let configs: VerifierUnderTest[];
let alice: { header: string; payload: string };
let bob: { header: string; payload: string };

beforeAll(async () => {
  pr = await startPropertyRealm();
  configs = await verifierConfigs(pr);
  alice = await pr.validParts('alice');
  bob = await pr.validParts('bob');
});
afterAll(() => pr.close());

const RUNS = { claims: 300, header: 200, deep: 40 };

describe('validly signed hostile tokens', () => {
  it(
    'claims of every type, prototype keys and repeated members: a Principal the oracle agrees with, or a 401',
    async () => {
      const tally: Tally = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.boolean(), tokenSpec(pr, { headerEdits: 0 }), async (isBob, spec) => {
          const token = await buildToken(pr, isBob ? bob : alice, { ...spec, deep: undefined });
          await checkAgainstOracle(pr, configs, token, tally);
        }),
        fuzzParams(RUNS.claims, 1),
      );
      // The suite must see both sides, or it proves nothing.
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.refused).toBeGreaterThan(0);
    },
    fuzzTimeout(RUNS.claims, 150),
  );

  it(
    'headers of every shape (alg, typ, kid, crit, jku, b64 …): a Principal the oracle agrees with, or a 401',
    async () => {
      const tally: Tally = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(tokenSpec(pr, { headerEdits: 4, claimEdits: 1 }), async (spec) => {
          const token = await buildToken(pr, alice, { ...spec, deep: undefined });
          await checkAgainstOracle(pr, configs, token, tally);
        }),
        fuzzParams(RUNS.header, 2),
      );
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.refused).toBeGreaterThan(0);
    },
    fuzzTimeout(RUNS.header, 150),
  );

  // Finding 2: a token nested 5,000 deep overflowed the stack of the duplicate-member scan. How
  // deep a recursive walk gets depends on the JIT, so the tokens go far deeper than 5,000 levels,
  // under verifiers that accept tokens of 96 KiB too.
  it(
    'deeply nested claims (up to 40,000 levels): a 401 or a Principal, never a throw',
    async () => {
      const tally: Tally = { accepted: 0, refused: 0 };
      const large = await verifierConfigs(pr, { maxTokenLength: 96 * 1024 });
      const spec = tokenSpec(pr, {
        headerEdits: 0,
        claimEdits: 1,
        deep: 1,
        maxDepth: [40_000, 10_000],
      });
      await fc.assert(
        fc.asyncProperty(spec, async (s) => {
          const token = await buildToken(pr, alice, s);
          await checkAgainstOracle(pr, [...configs, ...large], token, tally);
        }),
        fuzzParams(RUNS.deep, 3),
      );
    },
    fuzzTimeout(RUNS.deep, 300),
  );
});
