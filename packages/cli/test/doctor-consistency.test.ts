import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, createVerifier } from '@realmguard/core';
import { loadKeycloakVectors, type KeycloakVector } from '@realmguard/test-fixtures/vectors';
import { startStaticIdp, type StaticIdp } from '@realmguard/test-fixtures/static-idp';
import { captureIo, check, cli, doctorJson, startRealm } from './helpers.js';

// The doctor and the API must give the same code for the same token (issue 10 item 3).
const vectors = loadKeycloakVectors();
const refreshVectors = vectors.filter((v) => v.kind === 'refresh');

/** The realm's published keys: an HMAC-signed vector's realm publishes its RSA key elsewhere. */
function jwksOf(vector: KeycloakVector): unknown {
  return vector.jwks ?? vectors.find((v) => v.iss === vector.iss && v.jwks !== undefined)?.jwks;
}
const servers: StaticIdp[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The vector's issuer (discovery + JWKS) served over HTTP on 127.0.0.1. */
async function issuerOf(vector: KeycloakVector): Promise<StaticIdp> {
  const path = new URL(vector.iss).pathname;
  const idp = await startStaticIdp({
    [`${path}/.well-known/openid-configuration`]: {
      body: { issuer: vector.iss, jwks_uri: `${vector.iss}/protocol/openid-connect/certs` },
    },
    [`${path}/protocol/openid-connect/certs`]: { body: jwksOf(vector) },
  });
  servers.push(idp);
  return idp;
}

/** What core's verifier answers, as an API configured like the doctor would. */
async function apiCode(
  token: string,
  issuer: string,
  fetchImpl: typeof fetch,
  now: () => number,
): Promise<string> {
  const verifier = createVerifier({ issuer, audience: false, fetch: fetchImpl, now });
  const outcome = await verifier.verify(token).then(
    () => 'accepted',
    (error: unknown) => (error instanceof AuthError ? error.code : 'not an AuthError'),
  );
  return outcome;
}

describe('doctor and API agree on the code', () => {
  it('has the real Keycloak refresh tokens to test (03 HS256, 14 RS256)', () => {
    expect(refreshVectors.map((v) => [v.file.slice(0, 2), v.alg])).toEqual([
      ['03', 'HS256'],
      ['14', 'RS256'],
    ]);
  });

  it.each(refreshVectors.map((v) => [v.file, v] as const))(
    'the real Keycloak refresh token %s: wrong_token_type from both, and the token type is the first failure',
    async (_file, vector) => {
      const idp = await issuerOf(vector);
      const now = () => vector.iat * 1000;
      const io = { ...captureIo({ now }), fetch: idp.fetch };
      const { code, report } = await doctorJson(
        ['--issuer', vector.iss, `--token=${vector.token}`],
        io,
      );
      expect(code).toBe(1);
      expect(report.verdict?.code).toBe('wrong_token_type');
      expect(await apiCode(vector.token, vector.iss, idp.fetch, now)).toBe('wrong_token_type');
      expect(check(report, 'jwks').status).toBe('pass');
      expect(check(report, 'token-type')).toMatchObject({ status: 'fail' });
      expect(check(report, 'token-type').detail).toContain('typ Refresh');
      expect(check(report, 'algorithm').status).not.toBe('fail');
      // Nothing before the token type blames the token's algorithm; 14's realm key is 1024-bit,
      // which the signature check reports on its own.
      const failures = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      expect(failures[0]).toBe(vector.alg === 'HS256' ? 'token-type' : 'signature');
    },
  );

  it('a token whose exp no Date can hold (1e300): invalid_claim from both, the time check fails', async () => {
    const fx = await startRealm();
    try {
      const token = await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web-mapped',
        claims: { exp: 1e300 },
      });
      const { code, report } = await doctorJson(
        ['--issuer', fx.issuer, '--audience', 'orders-api', `--token=${token}`],
        captureIo(),
      );
      expect(code).toBe(1);
      expect(report.verdict?.code).toBe('invalid_claim');
      expect(check(report, 'time')).toMatchObject({ status: 'fail' });
      expect(check(report, 'time').detail).toContain('"exp" 1e+300 is beyond any date');
      const api = await apiCode(token, fx.issuer, (input, init) => fetch(input, init), Date.now);
      expect(api).toBe('invalid_claim');
    } finally {
      await fx.close();
    }
  });

  it('a token nested 5,000 levels deep: malformed_token from both, the structure check fails, decode says why', async () => {
    const fx = await startRealm();
    try {
      const kid = fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid;
      const claims = JSON.stringify({
        exp: Math.floor(Date.now() / 1000) + 300,
        iss: fx.issuer,
        aud: 'orders-api',
        typ: 'Bearer',
      });
      const deep = `${claims.slice(0, -1)},"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
      const token = await fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid }, deep, { kid });
      const { code, report } = await doctorJson(
        ['--issuer', fx.issuer, '--audience', 'orders-api', `--token=${token}`],
        captureIo(),
      );
      expect(code).toBe(1);
      expect(report.verdict?.code).toBe('malformed_token');
      expect(check(report, 'token-structure')).toMatchObject({ status: 'fail' });
      expect(check(report, 'token-structure').detail).toContain('nests deeper than 64 levels');
      const api = await apiCode(token, fx.issuer, (input, init) => fetch(input, init), Date.now);
      expect(api).toBe('malformed_token');
      const decoded = await cli(['decode', token]);
      expect(decoded.code).toBe(1);
      expect(decoded.err).toContain('its payload nests deeper than 64 levels');
      expect(decoded.err).not.toContain('Maximum call stack');
    } finally {
      await fx.close();
    }
  });
});
