/**
 * Properties of JWKS and discovery answers (issue 9): whatever the identity provider publishes
 * (the real documents edited as JSON text: private members, padded or standard-base64 moduli, a
 * 1024-bit key, repeated kids, prototype keys, wrong types; or junk, with any status), a token
 * gets a Principal or a 401/503 AuthError, never a throw; a token is accepted only when jose
 * accepts it with one public key of the published set (jose refuses RSA keys under 2048 bits,
 * finding 9), and a token such a key verifies is never blamed for the rest of the key set
 * (`malformed_token`, `invalid_signature`: finding 13); a discovery document is used only when
 * its own `issuer` is the configured one.
 */
import fc from 'fast-check';
import { base64url, createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, DEFAULT_ALGORITHMS, type VerifierEvent } from '../../src/index.js';
import { loadKeyFixture } from '@realmguard/test-fixtures';
import {
  eventsSurface,
  expectNoLeak,
  expectStatus,
  secretsOf,
  settle,
  surfaceOf,
} from './checks.js';
import { fuzzParams, fuzzTimeout } from './fuzz.js';
import { idpAnswer, serve, type Answer } from './idp-bodies.js';
import { arr, fromValue, jsonValue, lit, obj, type Json } from './json-text.js';
import { own } from './oracle.js';
import { startPropertyRealm, type PropertyRealm } from './realm.js';

let pr: PropertyRealm;
let jwksText: string;
let discoveryText: string;
const tokens: Record<'valid' | 'attacker' | 'weak', string> = { valid: '', attacker: '', weak: '' };
const WEAK_KID = 'weak-1024';

beforeAll(async () => {
  pr = await startPropertyRealm();
  jwksText = JSON.stringify(pr.realm.keys.jwks());
  discoveryText = await (await fetch(pr.realm.discoveryUrl)).text();
  const { header, payload, token } = await pr.validParts('alice');
  tokens.valid = token;
  tokens.attacker = await pr.sign(header, payload, 'attacker');
  const weak = loadKeyFixture('rs256-1024-weak');
  const key = await crypto.subtle.importKey(
    'jwk',
    weak.privateJwk as JsonWebKey,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const weakHeader = JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: WEAK_KID });
  const input = `${base64url.encode(weakHeader)}.${base64url.encode(payload)}`;
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    key,
    new TextEncoder().encode(input),
  );
  tokens.weak = `${input}.${base64url.encode(new Uint8Array(signature))}`;
});
afterAll(() => pr.close());

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Keys of a JWKS the way an unlucky or hostile identity provider might publish them: the
 * realm's own, then variants with one defect each.
 */
function jwkVariants(): { realm: Json[]; defective: Json[] } {
  const realm = pr.realm.keys.jwks().keys;
  const rs = realm.find((k) => k.kid === pr.kids.rs)!;
  const b64 = (text: string) => text.replace(/-/g, '+').replace(/_/g, '/');
  const weak = loadKeyFixture('rs256-1024-weak');
  const rsPrivate = loadKeyFixture('rs256-a').privateJwk;
  const attacker = loadKeyFixture('rs256-b').publicJwk;
  const weakPublic = { ...weak.publicJwk, kid: WEAK_KID, alg: 'RS256', use: 'sig' };
  return {
    realm: realm.map(fromValue),
    defective: [
      fromValue({ ...rs, ...rsPrivate, kid: rs.kid }), // finding 13: private members published
      fromValue({ ...rs, n: `AAAA${rs.n!}` }), // padded modulus
      fromValue({ ...rs, n: b64(rs.n!) }), // standard base64
      fromValue(weakPublic),
      fromValue({ ...weakPublic, n: `AAAA${String(weak.publicJwk.n)}` }), // finding 9
      fromValue({ ...weakPublic, n: b64(String(weak.publicJwk.n)) }), // finding 9
      fromValue({ ...attacker, kid: `${pr.kids.rs}-other`, alg: 'RS256', use: 'sig' }),
      fromValue({ ...rs, use: 'enc' }),
      fromValue({ ...rs, key_ops: ['encrypt'] }),
      fromValue({ ...rs, alg: 'PS256' }),
      fromValue({ ...rs, kid: 42 }),
      obj([{ name: '__proto__', value: fromValue(rs) }]),
    ],
  };
}

function jwksAnswer(): fc.Arbitrary<Answer> {
  const { realm, defective } = jwkVariants();
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...realm) },
    { weight: 4, arbitrary: fc.constantFrom(...defective) },
    { weight: 1, arbitrary: jsonValue(2, ['kty', 'kid', 'n', 'e']) },
  );
  const keys = fc.array(key, { minLength: 0, maxLength: 4 }).map(arr);
  return idpAnswer(jwksText, ['keys'], fc.oneof({ weight: 4, arbitrary: keys }, jsonValue(2)), {
    maxEdits: 2,
  });
}

function discoveryAnswer(): fc.Arbitrary<Answer> {
  const value = fc.oneof(
    fc
      .constantFrom(
        pr.issuer,
        `${pr.issuer}/`,
        pr.realm.jwksUri,
        'http://127.0.0.1:9/certs',
        'file:///etc/passwd',
        'certs',
      )
      .map(lit),
    fc.constant(obj([{ name: 'jwks_uri', value: lit(pr.realm.jwksUri) }])),
    jsonValue(2),
  );
  return idpAnswer(discoveryText, ['issuer', 'jwks_uri', 'introspection_endpoint'], value, {
    maxEdits: 3,
  });
}

/** Whether jose verifies the token with one public key of the published set. */
async function someKeyVerifies(token: string, body: string): Promise<boolean> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return false;
  }
  const keys = own(json, 'keys');
  if (!Array.isArray(keys)) return false;
  for (const candidate of keys as unknown[]) {
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) continue;
    const jwk = Object.fromEntries(
      Object.entries(candidate as Record<string, unknown>).filter(
        ([name]) => !PRIVATE.includes(name),
      ),
    );
    try {
      await jwtVerify(token, createLocalJWKSet({ keys: [jwk as JWK] }), {
        issuer: pr.issuer,
        audience: 'orders-api',
        algorithms: [...DEFAULT_ALGORITHMS],
        clockTolerance: 0,
        currentDate: new Date(pr.clock.now()),
      });
      return true;
    } catch {
      // try the next key
    }
  }
  return false;
}

const ok2xx = (answer: Answer) => answer.status >= 200 && answer.status <= 299;

const RUNS = { jwks: 150, discovery: 60 };

async function verifyOnce(token: string, live: 'certs' | 'discovery') {
  const events: VerifierEvent[] = [];
  const verifier = createVerifier({
    issuer: pr.issuer,
    audience: 'orders-api',
    clockTolerance: 0,
    now: pr.clock.now,
    onEvent: (event) => events.push(event),
    fetch: pr.fetch([live]),
  });
  const outcome = await settle(verifier.verify(token));
  expectNoLeak(surfaceOf(outcome), secretsOf(token), 'outcome');
  expectNoLeak(eventsSurface(events), secretsOf(token), 'events');
  if ('error' in outcome) expectStatus(outcome.error, [401, 503], `(${live})`);
  return outcome;
}

describe('JWKS and discovery answers', () => {
  it(
    'any JWKS: a token is accepted only when jose accepts it with a published public key of 2048+ bits',
    async () => {
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          jwksAnswer(),
          fc.constantFrom<keyof typeof tokens>('valid', 'valid', 'attacker', 'weak'),
          async (answer, which) => {
            serve(pr, 'certs', answer);
            const token = tokens[which];
            const outcome = await verifyOnce(token, 'certs');
            if ('error' in outcome) {
              seen.refused++;
              // Finding 13: a key set the IdP got wrong is never the caller's token's fault.
              const blamed = ['malformed_token', 'invalid_signature'].includes(outcome.error.code);
              if (blamed && ok2xx(answer) && (await someKeyVerifies(token, answer.body))) {
                throw new Error(
                  `a ${which} token that a published public key verifies got ${outcome.error.code}`,
                );
              }
              return;
            }
            seen.accepted++;
            if (!ok2xx(answer) || !(await someKeyVerifies(token, answer.body))) {
              throw new Error(`accepted a ${which} token that no published public key verifies`);
            }
          },
        ),
        fuzzParams(RUNS.jwks, 1),
      );
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    },
    fuzzTimeout(RUNS.jwks, 200),
  );

  it(
    'any discovery document: used only when its own issuer is the configured one',
    async () => {
      await fc.assert(
        fc.asyncProperty(discoveryAnswer(), async (answer) => {
          serve(pr, 'discovery', answer);
          const outcome = await verifyOnce(tokens.valid, 'discovery');
          if ('error' in outcome) return;
          const json: unknown = JSON.parse(answer.body);
          if (
            !ok2xx(answer) ||
            own(json, 'issuer') !== pr.issuer ||
            typeof own(json, 'jwks_uri') !== 'string'
          ) {
            throw new Error(
              `accepted through a discovery answer without its own issuer and jwks_uri`,
            );
          }
        }),
        fuzzParams(RUNS.discovery, 2),
      );
    },
    fuzzTimeout(RUNS.discovery, 200),
  );
});
