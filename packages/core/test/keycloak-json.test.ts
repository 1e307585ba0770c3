import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, createVerifier, fromKeycloakJson } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

/** As the Keycloak console exports it (Clients → orders-api → Action → Download adapter config). */
const exported = {
  realm: 'acme',
  'auth-server-url': 'https://sso.example.com/',
  'ssl-required': 'external',
  resource: 'orders-api',
  'verify-token-audience': true,
  credentials: { secret: 'orders-api-secret' },
  'use-resource-role-mappings': true,
  'confidential-port': 0,
};

/** `json` without `fields`. */
const without = (json: Record<string, unknown>, ...fields: string[]) =>
  Object.fromEntries(Object.entries(json).filter(([field]) => !fields.includes(field)));

describe('fromKeycloakJson', () => {
  it('maps a console-exported keycloak.json to issuer, audience and introspection', () => {
    expect(fromKeycloakJson(exported)).toEqual({
      issuer: 'https://sso.example.com/realms/acme',
      audience: 'orders-api',
      acceptAuthorizedParty: false,
      introspection: { clientId: 'orders-api', clientSecret: 'orders-api-secret' },
    });
  });

  it('keeps the legacy /auth context path and drops trailing slashes', () => {
    const options = fromKeycloakJson({
      ...exported,
      'auth-server-url': 'https://sso.example.com/auth///',
    });
    expect(options.issuer).toBe('https://sso.example.com/auth/realms/acme');
  });

  it('accepts azp = resource unless verify-token-audience is true (keycloak-connect checked no audience)', () => {
    const options = fromKeycloakJson(without(exported, 'credentials', 'verify-token-audience'));
    expect(options.acceptAuthorizedParty).toBe(true);
    expect(options.introspection).toBeUndefined();
  });

  it("reads keycloak-connect's camelCase spellings and a top-level secret (nest-keycloak-connect's form)", () => {
    expect(
      fromKeycloakJson({
        authServerUrl: 'https://sso.example.com',
        realm: 'acme',
        clientId: 'orders-api',
        secret: 'orders-api-secret',
        bearerOnly: true,
      }),
    ).toEqual({
      issuer: 'https://sso.example.com/realms/acme',
      audience: 'orders-api',
      acceptAuthorizedParty: true,
      introspection: { clientId: 'orders-api', clientSecret: 'orders-api-secret' },
    });
  });

  it('turns min-time-between-jwks-requests (seconds) into the unknown-kid cooldown', () => {
    const options = fromKeycloakJson({ ...exported, 'min-time-between-jwks-requests': 10 });
    expect(options.keys).toEqual({ cooldown: 10_000 });
    expect(() => fromKeycloakJson({ ...exported, 'min-time-between-jwks-requests': -1 })).toThrow(
      /min-time-between-jwks-requests/,
    );
  });

  it('enforces ssl-required: all refuses http, external allows it only for local addresses', () => {
    const at = (url: string, ssl: string) => () =>
      fromKeycloakJson({ ...exported, 'auth-server-url': url, 'ssl-required': ssl });
    expect(at('http://sso.example.com', 'external')).toThrow(/"ssl-required": "external".*https/);
    expect(at('http://localhost:8080', 'all')).toThrow(/"ssl-required": "all"/);
    for (const local of ['localhost:8080', '127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.9']) {
      expect(at(`http://${local}`, 'external')).not.toThrow();
    }
    expect(at('http://172.32.0.1', 'external')).toThrow(ConfigurationError);
    expect(at('http://sso.example.com', 'none')).not.toThrow();
    expect(at('https://sso.example.com', 'sometimes')).toThrow(/"all", "external" or "none"/);
    // Keycloak's default is "external".
    const noSsl = without(exported, 'ssl-required');
    expect(() =>
      fromKeycloakJson({ ...noSsl, 'auth-server-url': 'http://sso.example.com' }),
    ).toThrow(/"external"/);
  });

  it('refuses fields that would change verification, saying what to use instead', () => {
    expect(() => fromKeycloakJson({ ...exported, 'realm-public-key': 'MIIBIj…' })).toThrow(
      /"realm-public-key" is not supported.*JWKS/,
    );
    expect(() => fromKeycloakJson({ ...exported, realmPublicKey: 'MIIBIj…' })).toThrow(
      /realm-public-key/,
    );
    expect(() => fromKeycloakJson({ ...exported, 'policy-enforcer': {} })).toThrow(
      /requirePermission/,
    );
    expect(() => fromKeycloakJson({ ...exported, 'enable-cors': true })).toThrow(
      /field "enable-cors" is not supported/,
    );
    expect(() =>
      fromKeycloakJson({ ...exported, credentials: { jwt: { 'client-keystore-file': 'x' } } }),
    ).toThrow(/"credentials" of kind "jwt"/);
  });

  it('requires realm, auth-server-url and resource, and never echoes the secret', () => {
    for (const field of ['realm', 'auth-server-url', 'resource'] as const) {
      expect(() => fromKeycloakJson(without(exported, field))).toThrow(`needs "${field}"`);
    }
    expect(() => fromKeycloakJson({ ...exported, 'auth-server-url': 'sso.example.com' })).toThrow(
      /not an absolute URL/,
    );
    expect(() => fromKeycloakJson({ ...exported, secret: 'another-secret' })).toThrow(
      /client secret twice/,
    );
    let message = '';
    try {
      fromKeycloakJson({ ...exported, credentials: { secret: '', other: 'x' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/credentials/);
    expect(message).not.toContain('orders-api-secret');
    expect(() => fromKeycloakJson('{"realm":"acme"}' as never)).toThrow(/must be an object/);
  });

  it('refuses unresolved ${env.…} references instead of using them as URLs', () => {
    expect(() =>
      fromKeycloakJson({ ...exported, 'auth-server-url': '${env.KC_URL:http://localhost:8080}' }),
    ).toThrow(/\$\{env\.…\} reference/);
  });
});

describe('fromKeycloakJson against a realm', () => {
  let fx: RealmFixture;
  beforeAll(async () => {
    fx = await startRealm();
  });
  afterAll(() => fx.close());

  const json = () => ({
    realm: 'acme',
    'auth-server-url': fx.url,
    resource: 'orders-api',
    credentials: { secret: fx.realm.client('orders-api').secret },
  });

  it('verifies the realm’s tokens, and introspects opaque ones with the client secret', async () => {
    const verifier = createVerifier({ ...fromKeycloakJson(json()), now: fx.clock.now });
    const jwt = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    expect((await verifier.verify(jwt)).username).toBe('alice');
    const opaque = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
    expect((await verifier.verify(opaque)).source).toBe('introspection');
  });

  it('with verify-token-audience, refuses a token that names the API only in azp', async () => {
    const azpOnly = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-api',
      claims: { aud: 'account' },
    });
    const lenient = createVerifier({ ...fromKeycloakJson(json()), now: fx.clock.now });
    expect((await lenient.verify(azpOnly)).username).toBe('alice');
    const strict = createVerifier({
      ...fromKeycloakJson({ ...json(), 'verify-token-audience': true }),
      now: fx.clock.now,
    });
    expect((await rejection(strict.verify(azpOnly))).code).toBe('audience_mismatch');
  });
});
