/**
 * Test-only helpers that load the static keys in `test-fixtures/keys/*.json`
 * (made once by `test-fixtures/keys/generate.mjs`) and the real Keycloak vectors.
 *
 * Static keys make realms fast (no RSA generation) and deterministic.
 *
 * @example
 * ```ts
 * import { staticRealmKeys } from '../../../test-fixtures/index.js';
 * const realm = await kc.createRealm({ keys: staticRealmKeys() });
 * ```
 */
import { readFileSync } from 'node:fs';
import { loadKeycloakVectors, type KeycloakVector } from './vectors.js';

/** Names of the committed key fixtures. */
export type KeyFixtureName =
  'rs256-a' | 'rs256-b' | 'rsa-oaep' | 'es256' | 'ed25519' | 'rs256-1024-weak';

/** A JSON Web Key as stored in the fixture files. */
export interface FixtureJwk {
  kty: string;
  [member: string]: unknown;
}

/** One committed key pair. */
export interface KeyFixture {
  name: KeyFixtureName;
  alg: 'RS256' | 'RSA-OAEP' | 'ES256' | 'EdDSA';
  use: 'sig' | 'enc';
  modulusLength?: number;
  privateJwk: FixtureJwk;
  publicJwk: FixtureJwk;
}

/** The shape `createRealm({ keys })` accepts (kept structural so this file has no imports). */
export interface StaticKeyInput {
  privateJwk: FixtureJwk;
  alg: KeyFixture['alg'];
  use: 'sig' | 'enc';
  status?: 'active' | 'passive' | 'disabled';
  priority?: number;
  createdAt?: number;
}

const cache = new Map<KeyFixtureName, KeyFixture>();

/**
 * Loads one key fixture.
 *
 * @example
 * ```ts
 * const { privateJwk } = loadKeyFixture('es256');
 * ```
 */
export function loadKeyFixture(name: KeyFixtureName): KeyFixture {
  const hit = cache.get(name);
  if (hit) return hit;
  const text = readFileSync(new URL(`./keys/${name}.json`, import.meta.url), 'utf8');
  const fixture = JSON.parse(text) as KeyFixture;
  cache.set(name, fixture);
  return fixture;
}

/**
 * Turns a key fixture into a `createRealm({ keys })` entry.
 *
 * @example
 * ```ts
 * await kc.createRealm({ keys: [staticKey('es256', { status: 'passive' })] });
 * ```
 */
export function staticKey(
  name: KeyFixtureName,
  extra: Partial<Omit<StaticKeyInput, 'privateJwk'>> = {},
): StaticKeyInput {
  const fixture = loadKeyFixture(name);
  return { privateJwk: fixture.privateJwk, alg: fixture.alg, use: fixture.use, ...extra };
}

/**
 * The keys of a default Keycloak realm, from fixtures: an active RS256 signing key (`rs256-a`)
 * and an RSA-OAEP encryption key (`rsa-oaep`). A fixed `createdAt` keeps the `x5c` certificate
 * (and so `x5t`) stable across runs.
 *
 * @example
 * ```ts
 * const realm = await kc.createRealm({ keys: staticRealmKeys() });
 * ```
 */
export function staticRealmKeys(createdAt = 1_700_000_000_000): StaticKeyInput[] {
  return [staticKey('rs256-a', { createdAt }), staticKey('rsa-oaep', { createdAt })];
}

/** One real Keycloak token vector (see `real-keycloak-vectors/README.md`). */
/** A real Keycloak vector (see `vectors.ts`). */
export type RealVector = KeycloakVector;

/**
 * Loads a real Keycloak vector by its number (1–16).
 *
 * @example
 * ```ts
 * const v = loadRealVector(1);
 * expect(v.header_json).toBe('{"alg":"RS256","typ" : "JWT","kid" : "9cgF…"}');
 * ```
 */
export function loadRealVector(n: number): RealVector {
  const prefix = `${String(n).padStart(2, '0')}-`;
  const vector = loadKeycloakVectors().find((v) => v.file.startsWith(prefix));
  if (!vector) throw new Error(`no real Keycloak vector ${prefix}*.json`);
  return vector;
}
