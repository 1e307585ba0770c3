/**
 * Validly signed hostile tokens: a real access token of the realm whose header and claims JSON
 * are edited as text (every claim with every type, prototype keys, repeated members, deep
 * nesting, huge numbers), then signed again with the realm's key (or another key), and the
 * check every verifier configuration must pass on them.
 *
 * @example
 * ```ts
 * const token = await buildToken(pr, parts, { header: [], claims: edits, deep: undefined, key: 'RS256' });
 * await checkAgainstOracle(pr, configs, token);
 * ```
 */
import fc from 'fast-check';
import {
  createVerifier,
  type Verifier,
  type VerifierEvent,
  type VerifierOptions,
} from '../../src/index.js';
import {
  eventsSurface,
  expectNoLeak,
  expectStatus,
  secretsOf,
  settle,
  surfaceOf,
} from './checks.js';
import {
  arr,
  deepJson,
  editMembers,
  fromValue,
  jsonValue,
  lit,
  memberEdits,
  obj,
  toJsonText,
  type Json,
  type Member,
  type MemberEdit,
} from './json-text.js';
import { expectedPrincipal, jwtOracle, principalView, type OracleOptions } from './oracle.js';
import { REFETCH_AT_ONCE, type PropertyRealm } from './realm.js';

/** One verifier configuration and the oracle options that describe it. */
export interface VerifierUnderTest {
  name: string;
  verifier: Verifier;
  oracle: Omit<OracleOptions, 'now'>;
  events: VerifierEvent[];
}

/**
 * Strict audience, Keycloak `azp` mode with clock tolerance, and the audience check off; each
 * with `extra` options (e.g. a larger `maxTokenLength`).
 */
export async function verifierConfigs(
  pr: PropertyRealm,
  extra: Partial<VerifierOptions> = {},
): Promise<VerifierUnderTest[]> {
  const specs = [
    { name: 'strict', audience: 'orders-api', acceptAuthorizedParty: false, clockTolerance: 0 },
    { name: 'azp', audience: 'orders-api', acceptAuthorizedParty: true, clockTolerance: 10 },
    { name: 'no-audience', audience: false, acceptAuthorizedParty: false, clockTolerance: 5 },
  ] as const;
  const configs: VerifierUnderTest[] = [];
  for (const spec of specs) {
    const events: VerifierEvent[] = [];
    const verifier = createVerifier({
      issuer: pr.issuer,
      audience: spec.audience,
      acceptAuthorizedParty: spec.acceptAuthorizedParty,
      clockTolerance: spec.clockTolerance,
      now: pr.clock.now,
      keys: REFETCH_AT_ONCE,
      fetch: pr.fetch(),
      onEvent: (event) => events.push(event),
      ...extra,
    });
    await verifier.warmUp();
    configs.push({ name: spec.name, verifier, events, oracle: { ...spec, issuers: [pr.issuer] } });
  }
  return configs;
}

export const HEADER_NAMES = ['alg', 'typ', 'kid', 'crit', 'jku', 'x5u', 'jwk', 'x5c', 'b64', 'cty'];
export const CLAIM_NAMES = [
  'exp',
  'iat',
  'nbf',
  'jti',
  'iss',
  'aud',
  'sub',
  'typ',
  'azp',
  'sid',
  'scope',
  'scp',
  'realm_access',
  'resource_access',
  'preferred_username',
  'username',
  'client_id',
];

const roles = (names: readonly string[]): Json =>
  obj([{ name: 'roles', value: arr(names.map(lit)) }]);

/** Claim values shaped to matter: roles under prototype keys, near-boundary times, audiences. */
export function claimValue(pr: PropertyRealm): fc.Arbitrary<Json> {
  const now = Math.floor(pr.clock.now() / 1000);
  const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
  return fc.oneof(
    { weight: 3, arbitrary: jsonValue(3, CLAIM_NAMES, [pr.issuer, 'orders-web-mapped']) },
    fc.integer({ min: -400, max: 400 }).map((d) => lit(now + d)),
    fc.constantFrom('orders-api', 'account', 'orders-web-mapped', pr.issuer).map(lit),
    fc.constant(arr([lit('account'), lit('orders-api')])),
    protoKey.map((key) => obj([{ name: key, value: roles(['admin']) }])),
    protoKey.map((key) =>
      obj([{ name: key, value: obj([{ name: 'orders-api', value: roles(['editor']) }]) }]),
    ),
    fc.constant(
      obj([{ name: 'orders-api', value: obj([{ name: '__proto__', value: roles(['editor']) }]) }]),
    ),
  );
}

export interface TokenSpec {
  header: MemberEdit[];
  claims: MemberEdit[];
  deep: { name: string; json: Json } | undefined;
  key: 'RS256' | 'ES256' | 'attacker';
}

export function headerValue(pr: PropertyRealm): fc.Arbitrary<Json> {
  return fc.oneof(
    fc.constantFrom('RS256', 'ES256', 'PS256', 'HS256', 'none', 'rs256', 'EdDSA').map(lit),
    fc.constantFrom('JWT', 'jwt', 'at+jwt', 'application/at+jwt', 'JWS', 'Bearer').map(lit),
    fc.constantFrom(pr.kids.rs, pr.kids.es, pr.kids.enc, 'unknown-kid').map(lit),
    fc.constant(arr([lit('exp')])),
    fc.constant(lit('https://attacker.example/jwks')),
    jsonValue(2, HEADER_NAMES),
  );
}

/** Token specs: header and claim edits, optional deep nesting, and the signing key. */
export function tokenSpec(
  pr: PropertyRealm,
  { headerEdits = 1, claimEdits = 5, deep = 0.05, maxDepth = [5_200, 1_800] } = {},
): fc.Arbitrary<TokenSpec> {
  const nested = fc.record({
    name: fc.constantFrom(...CLAIM_NAMES, 'x-nested'),
    json: deepJson(maxDepth[0], maxDepth[1]),
  });
  return fc.record({
    header: memberEdits(HEADER_NAMES, headerValue(pr), headerEdits),
    claims: memberEdits(CLAIM_NAMES, claimValue(pr), claimEdits),
    deep:
      deep >= 1
        ? nested
        : fc.oneof(
            { weight: Math.round((1 - deep) * 100), arbitrary: fc.constant(undefined) },
            { weight: Math.round(deep * 100), arbitrary: nested },
          ),
    key: fc.constantFrom('RS256', 'RS256', 'RS256', 'RS256', 'ES256', 'attacker'),
  });
}

const members = (text: string): Member[] => {
  const json = fromValue(JSON.parse(text));
  return 'obj' in json ? [...json.obj] : [];
};

/** The token a spec describes, from the realm's real header and claims text. */
export async function buildToken(
  pr: PropertyRealm,
  parts: { header: string; payload: string },
  spec: TokenSpec,
): Promise<string> {
  const header = toJsonText(obj(editMembers(members(parts.header), spec.header)));
  let claims = editMembers(members(parts.payload), spec.claims);
  if (spec.deep) {
    claims = editMembers(claims, [{ op: 'delete', name: spec.deep.name }]);
    claims.push({ name: spec.deep.name, value: spec.deep.json });
  }
  return pr.sign(header, toJsonText(obj(claims)), spec.key);
}

/** Tallies, so that a suite can prove it saw both acceptances and refusals. */
export interface Tally {
  accepted: number;
  refused: number;
}

/**
 * Verifies `token` with every configuration: a Principal or a 401 AuthError (the IdP is
 * healthy, so never a 503 or any other 5xx), nothing leaked, and every acceptance also an
 * acceptance of the oracle, with the principal the claims' own members describe.
 */
export async function checkAgainstOracle(
  pr: PropertyRealm,
  configs: readonly VerifierUnderTest[],
  token: string,
  tally: Tally,
): Promise<void> {
  const secrets = secretsOf(token);
  for (const config of configs) {
    const outcome = await settle(config.verifier.verify(token));
    if ('error' in outcome) {
      expectStatus(outcome.error, [401], `(${config.name})`);
      tally.refused++;
    }
    expectNoLeak(surfaceOf(outcome), secrets, `${config.name} outcome`);
    expectNoLeak(eventsSurface(config.events), secrets, `${config.name} events`);
    config.events.length = 0;
    if ('principal' in outcome) {
      tally.accepted++;
      const verdict = await jwtOracle(token, pr.realm.keys.jwks(), {
        ...config.oracle,
        now: pr.clock.now(),
      });
      if (!verdict.ok) {
        throw new Error(`${config.name} accepted a token the oracle refuses: ${verdict.reason}`);
      }
      const actual = principalView(outcome.principal);
      const expected = expectedPrincipal(verdict.claims);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(
          `${config.name}: the principal differs from the claims' own members: ` +
            `${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`,
        );
      }
    }
  }
}
