import { base64url } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKeycloakVectors, type KeycloakVector } from '@realmguard/test-fixtures/vectors';
import { startStaticIdp, type StaticIdp } from '@realmguard/test-fixtures/static-idp';
import {
  AuthError,
  createVerifier,
  type VerifierEvent,
  type VerifierOptions,
} from '../src/index.js';

// Real tokens issued by real Keycloak servers (2016–2025), verified with the clock at their iat.
const vectors = loadKeycloakVectors();
const servers: StaticIdp[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Serves the vector issuer's discovery document and JWKS over HTTP on 127.0.0.1. */
async function issuerOf(vector: KeycloakVector): Promise<StaticIdp> {
  const path = new URL(vector.iss).pathname;
  const idp = await startStaticIdp({
    [`${path}/.well-known/openid-configuration`]: {
      body: { issuer: vector.iss, jwks_uri: `${vector.iss}/protocol/openid-connect/certs` },
    },
    [`${path}/protocol/openid-connect/certs`]: { body: vector.jwks ?? { keys: [] } },
  });
  servers.push(idp);
  return idp;
}

async function verifierFor(vector: KeycloakVector, options: Partial<VerifierOptions> = {}) {
  const idp = await issuerOf(vector);
  return createVerifier({
    issuer: vector.iss,
    audience: false,
    clockTolerance: 0,
    now: () => vector.iat * 1000,
    fetch: idp.fetch,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

const strongAccess = vectors.filter(
  (v) => v.kind === 'access' && v.modulusBits !== undefined && v.modulusBits >= 2048,
);
const weak = vectors.filter(
  (v) => v.modulusBits !== undefined && v.modulusBits < 2048 && v.kind === 'access',
);
const refresh = vectors.filter((v) => v.kind === 'refresh');

describe('real Keycloak-issued tokens', () => {
  it('has the expected vectors to test', () => {
    expect(strongAccess.map((v) => v.file.slice(0, 2))).toEqual([
      '01',
      '02',
      '04',
      '05',
      '06',
      '07',
      '08',
    ]);
    expect(weak.map((v) => v.file.slice(0, 2))).toEqual(['09', '10', '11', '12', '13', '15', '16']);
    expect(refresh.map((v) => v.file.slice(0, 2))).toEqual(['03', '14']);
  });

  it.each(strongAccess.map((v) => [v.file, v] as const))(
    'verifies the 2048-bit access token %s',
    async (_f, vector) => {
      const verifier = await verifierFor(vector);
      const principal = await verifier.verify(vector.token);
      expect(principal.issuer).toBe(vector.iss);
      expect(principal.authorizedParty).toBe(vector.azp);
      expect(principal.expiresAt.getTime()).toBe(vector.exp * 1000);
    },
  );

  it.each(strongAccess.map((v) => [v.file, v] as const))(
    'rejects %s once it has expired (clock at exp)',
    async (_f, vector) => {
      const verifier = await verifierFor(vector, { now: () => vector.exp * 1000 });
      expect((await rejection(verifier.verify(vector.token))).code).toBe('token_expired');
    },
  );

  it.each(strongAccess.map((v) => [v.file, v] as const))(
    'rejects %s when one signature byte changes',
    async (_f, vector) => {
      const [h, p, s] = vector.token.split('.') as [string, string, string];
      const sig = base64url.decode(s);
      sig[10] = (sig[10] ?? 0) ^ 0x01;
      const verifier = await verifierFor(vector);
      const error = await rejection(verifier.verify(`${h}.${p}.${base64url.encode(sig)}`));
      expect(error.code).toBe('invalid_signature');
    },
  );

  it('accepts azp in place of aud only with acceptAuthorizedParty (tokens without an Audience mapper)', async () => {
    const noAud = strongAccess.filter((v) => !JSON.stringify(v).includes(`"aud":"${v.azp}"`));
    expect(noAud.length).toBeGreaterThan(3);
    for (const vector of noAud) {
      const strict = await verifierFor(vector, { audience: vector.azp });
      const error = await rejection(strict.verify(vector.token));
      expect(error.code).toBe('audience_mismatch');
      expect(error.hint).toMatch(/Audience mapper/);
      const lenient = await verifierFor(vector, {
        audience: vector.azp,
        acceptAuthorizedParty: true,
      });
      await expect(lenient.verify(vector.token)).resolves.toBeDefined();
    }
  });

  it('rejects the access tokens when the issuer is not the configured one', async () => {
    const vector = strongAccess[0]!;
    const verifier = await verifierFor(vector, {
      issuer: vector.iss.replace('/realms/', '/auth/realms/'),
    });
    expect((await rejection(verifier.verify(vector.token))).code).toBe('untrusted_issuer');
  });

  it.each(refresh.map((v) => [v.file, v] as const))(
    'rejects the refresh token %s as wrong_token_type, whatever its algorithm (issue 10 item 3)',
    async (_f, vector) => {
      const verifier = await verifierFor(vector);
      const error = await rejection(verifier.verify(vector.token));
      expect(error.code).toBe('wrong_token_type');
      expect(error.description).toBe('A refresh token cannot be used as a bearer access token');
      expect(error.status).toBe(401);
    },
  );

  it('rejects the HS256 refresh token for its type even with the realm secret configured', async () => {
    const vector = refresh.find((v) => v.alg === 'HS256')!;
    const secret = base64url.decode(vector.hmac!.secret_b64url);
    const verifier = await verifierFor(vector, { algorithms: ['HS256'], secret });
    const error = await rejection(verifier.verify(vector.token));
    expect(error.code).toBe('wrong_token_type');
    expect(error.description).toBe('A refresh token cannot be used as a bearer access token');
  });

  it.each(weak.map((v) => [v.file, v] as const))(
    'rejects %s, signed by the 1024-bit demo key, naming the key size and the rotation steps',
    async (_f, vector) => {
      const events: VerifierEvent[] = [];
      const verifier = await verifierFor(vector, { onEvent: (event) => events.push(event) });
      const error = await rejection(verifier.verify(vector.token));
      expect(error.code).toBe('weak_key');
      expect(events).toContainEqual({
        type: 'configuration_problem',
        code: 'weak_key',
        hint: error.hint,
      });
      expect(error.status).toBe(401);
      expect(error.description).toContain('1024-bit RSA key');
      expect(error.hint).toMatch(/1024-bit/);
      expect(error.hint).toMatch(
        /Realm settings → Keys → Providers → Add provider → rsa-generated/,
      );
      expect(error.hint).toMatch(/2048/);
    },
  );
});
