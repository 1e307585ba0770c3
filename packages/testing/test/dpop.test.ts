import { decodeJwt, decodeProtectedHeader, calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  accessTokenHash,
  createClientCertificate,
  createDpopProof,
  generateDpopKey,
  type DpopKey,
} from '../src/index.js';
import { decode, fixture, verify } from './helpers.js';
import type { Fixture } from './helpers.js';

function post(fx: Fixture, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fx.kc.fetch(fx.realm.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

const basic = (id: string, secret: string): Record<string, string> => ({
  authorization: `Basic ${btoa(`${id}:${secret}`)}`,
});
const PASSWORD = { grant_type: 'password', username: 'alice', password: 'alice' };
const tokenProof = (
  fx: Fixture,
  key: DpopKey,
  extra: Parameters<typeof createDpopProof>[1] | object = {},
) => fx.realm.dpopProof(key, { method: 'POST', url: fx.realm.tokenEndpoint, ...extra });

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('DPoP proofs for tests', () => {
  it('makes a proof with typ dpop+jwt, the public jwk, htm, htu without query, iat, jti and ath', async () => {
    const key = await generateDpopKey('ES256');
    const proof = await createDpopProof(key, {
      method: 'GET',
      url: 'https://api.test/orders?page=2#top',
      accessToken: 'the-token',
      iat: 1_800_000_000,
    });
    const header = decodeProtectedHeader(proof);
    expect(header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(header.jwk).toEqual(key.publicJwk);
    expect(header.jwk).not.toHaveProperty('d');
    expect(await calculateJwkThumbprint(key.publicJwk)).toBe(key.jkt);
    const claims = decodeJwt(proof);
    expect(claims).toMatchObject({
      htm: 'GET',
      htu: 'https://api.test/orders',
      iat: 1_800_000_000,
      ath: await accessTokenHash('the-token'),
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets adversarial proofs edit the header and claims', async () => {
    const key = await generateDpopKey('ES256');
    const proof = await createDpopProof(key, {
      method: 'GET',
      url: 'https://api.test/x',
      header: { jwk: key.privateJwk, typ: undefined },
      claims: { jti: undefined },
    });
    expect(decodeProtectedHeader(proof)).not.toHaveProperty('typ');
    expect(decodeProtectedHeader(proof).jwk).toHaveProperty('d');
    expect(decodeJwt(proof)).not.toHaveProperty('jti');
  });

  it('mints DPoP-bound and certificate-bound tokens directly', async () => {
    const fx = await fixture();
    const key = await generateDpopKey();
    const bound = decode(await fx.realm.accessToken({ user: 'alice', dpopJkt: key.jkt })).payload;
    expect(bound.typ).toBe('DPoP');
    expect(bound.cnf).toEqual({ jkt: key.jkt });
    // Keycloak's member order: cnf just before scope.
    const names = Object.keys(bound);
    expect(names.indexOf('cnf')).toBe(names.indexOf('scope') - 1);
    const cert = decode(
      await fx.realm.accessToken({ user: 'alice', certificateThumbprint: 'abc' }),
    ).payload;
    expect(cert).toMatchObject({ typ: 'Bearer', cnf: { 'x5t#S256': 'abc' } });
  });
});

describe('token endpoint with DPoP (Keycloak DPoPUtil)', () => {
  it('binds the access token of a proof: token_type DPoP, typ DPoP, cnf.jkt', async () => {
    const fx = await fixture();
    const key = await generateDpopKey();
    const res = await post(
      fx,
      { ...PASSWORD, client_id: 'orders-web' },
      { dpop: await tokenProof(fx, key) },
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.token_type).toBe('DPoP');
    const { payload } = await verify(fx, body.access_token as string);
    expect(payload).toMatchObject({ typ: 'DPoP', cnf: { jkt: key.jkt } });
    // A public client's refresh token is bound too.
    expect(decode(body.refresh_token as string).payload.cnf).toEqual({ jkt: key.jkt });
  });

  it("leaves a confidential client's refresh token unbound, and answers Bearer without a proof", async () => {
    const fx = await fixture();
    const key = await generateDpopKey();
    const auth = basic('orders-api', 'orders-api-secret');
    const bound = await json(
      await post(fx, PASSWORD, { ...auth, dpop: await tokenProof(fx, key) }),
    );
    expect(bound.token_type).toBe('DPoP');
    expect(decode(bound.refresh_token as string).payload.cnf).toBeUndefined();
    const plain = await json(await post(fx, PASSWORD, auth));
    expect(plain.token_type).toBe('Bearer');
    expect(decode(plain.access_token as string).payload).not.toHaveProperty('cnf');
  });

  it('binds client_credentials tokens', async () => {
    const fx = await fixture();
    const key = await generateDpopKey('PS256');
    const res = await post(
      fx,
      { grant_type: 'client_credentials' },
      { ...basic('billing-worker', 'billing-worker-secret'), dpop: await tokenProof(fx, key) },
    );
    const body = await json(res);
    expect(body.token_type).toBe('DPoP');
    expect(decode(body.access_token as string).payload.cnf).toEqual({ jkt: key.jkt });
  });

  it('"Require DPoP bound tokens": a token request without a proof is 400 "DPoP proof is missing"', async () => {
    const fx = await fixture();
    fx.realm.client('orders-web').dpopBoundAccessTokens = true;
    const res = await post(fx, { ...PASSWORD, client_id: 'orders-web' });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      error: 'invalid_request',
      error_description: 'DPoP proof is missing',
    });
  });

  it.each([
    ['a replayed proof', 'DPoP proof has already been used'],
    ['a proof for GET', 'DPoP HTTP method mismatch'],
    ['a proof for another URL', 'DPoP HTTP URL mismatch'],
    ['a proof 30 s old', 'DPoP proof is not active'],
    ['a proof with the private key', 'Private key is present in DPoP header'],
    ['a proof with typ jwt', 'Invalid or missing type in DPoP header: jwt'],
  ])('refuses %s with 400 invalid_request', async (name, description) => {
    const fx = await fixture();
    const key = await generateDpopKey();
    const nowSeconds = Math.floor(fx.clock.now() / 1000);
    const options: Record<string, object> = {
      'a replayed proof': {},
      'a proof for GET': { method: 'GET' },
      'a proof for another URL': { url: `${fx.realm.backendUrl}/protocol/openid-connect/userinfo` },
      'a proof 30 s old': { iat: nowSeconds - 30 },
      'a proof with the private key': { header: { jwk: key.privateJwk } },
      'a proof with typ jwt': { header: { typ: 'jwt' } },
    };
    const proof = await tokenProof(fx, key, options[name]);
    if (name === 'a replayed proof') {
      expect(
        (await post(fx, { ...PASSWORD, client_id: 'orders-web' }, { dpop: proof })).status,
      ).toBe(200);
    }
    const res = await post(fx, { ...PASSWORD, client_id: 'orders-web' }, { dpop: proof });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: 'invalid_request', error_description: description });
  });

  it("refreshes a public client's bound refresh token only with a proof of the same key", async () => {
    const fx = await fixture();
    const key = await generateDpopKey();
    const first = await json(
      await post(fx, { ...PASSWORD, client_id: 'orders-web' }, { dpop: await tokenProof(fx, key) }),
    );
    const refresh = {
      grant_type: 'refresh_token',
      client_id: 'orders-web',
      refresh_token: first.refresh_token as string,
    };
    const other = await generateDpopKey();
    const wrong = await post(fx, refresh, { dpop: await tokenProof(fx, other) });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error).toBe('invalid_grant');
    const right = await json(await post(fx, refresh, { dpop: await tokenProof(fx, key) }));
    expect(right.token_type).toBe('DPoP');
    expect(decode(right.access_token as string).payload.cnf).toEqual({ jkt: key.jkt });
  });

  it('introspection answers cnf and token_type DPoP for a bound token (AccessTokenIntrospectionProvider)', async () => {
    const fx = await fixture();
    const key = await generateDpopKey();
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      dpopJkt: key.jkt,
    });
    const opaque = await fx.realm.opaqueToken({
      user: 'alice',
      client: 'orders-web-mapped',
      dpopJkt: key.jkt,
    });
    for (const t of [token, opaque]) {
      const res = await fx.kc.fetch(fx.realm.introspectionEndpoint, {
        method: 'POST',
        headers: basic('orders-api', 'orders-api-secret'),
        body: new URLSearchParams({ token: t }),
      });
      expect(await json(res)).toMatchObject({
        active: true,
        typ: 'DPoP',
        token_type: 'DPoP',
        cnf: { jkt: key.jkt },
      });
    }
  });
});

describe('token endpoint with mTLS (Keycloak MtlsHoKTokenUtil)', () => {
  it('binds the token of a certificate-bound client to the certificate the proxy forwards', async () => {
    const fx = await fixture();
    fx.realm.client('orders-api').tlsClientCertificateBoundAccessTokens = true;
    const cert = await createClientCertificate({ commonName: 'orders-api' });
    const auth = basic('orders-api', 'orders-api-secret');
    const res = await post(fx, PASSWORD, {
      ...auth,
      'ssl-client-cert': encodeURIComponent(cert.certificatePem),
    });
    const body = await json(res);
    expect(body.token_type).toBe('Bearer');
    expect(decode(body.access_token as string).payload).toMatchObject({
      typ: 'Bearer',
      cnf: { 'x5t#S256': cert.thumbprint },
    });
    const missing = await post(fx, PASSWORD, auth);
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({
      error: 'invalid_request',
      error_description: 'Client Certification missing for MTLS HoK Token Binding',
    });
  });

  it('makes client certificates whose thumbprint is base64url(SHA-256(DER))', async () => {
    const cert = await createClientCertificate();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', cert.der));
    const b64 = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(cert.thumbprint).toBe(b64);
    expect(cert.certificatePem).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/,
    );
    expect(cert.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
