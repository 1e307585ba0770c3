import { createClientCertificate, generateDpopKey } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const alice = () => fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
const withOpenid = () =>
  fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped', scope: 'openid' });

describe('userinfo', () => {
  it('fetches the userinfo of the token once', async () => {
    const verifier = fx.verifier();
    const principal = await verifier.verify(
      await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web-mapped',
        scope: 'openid email',
      }),
    );
    fx.realm.counters.reset();
    const info = await principal.userinfo();
    expect(info.sub).toBe(fx.realm.user('alice').id);
    expect(info.preferred_username).toBe('alice');
    await principal.userinfo();
    expect(fx.realm.counters.get('userinfo')).toBe(1);
  });

  it('maps Keycloak 403 for a token without openid to insufficient_scope', async () => {
    const principal = await fx.verifier().verify(await alice());
    const error = await rejection(principal.userinfo());
    expect(error.status).toBe(403);
    expect(error.scope).toBe('openid');
  });

  it('maps Keycloak 401 for a revoked token to invalid_token', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      scope: 'openid',
    });
    const principal = await fx.verifier().verify(token);
    fx.realm.revoke(token);
    expect((await rejection(principal.userinfo())).code).toBe('token_inactive');
  });
});

describe('userinfo: the answer and the identity provider', () => {
  it('says which failure it is: the identity provider no longer accepts the token', async () => {
    const token = await withOpenid();
    const principal = await fx.verifier().verify(token);
    fx.realm.revoke(token);
    const error = await rejection(principal.userinfo());
    expect(error).toMatchObject({ status: 401, reason: 'rejected_by_idp' });
    expect(error.description).toBe('The identity provider no longer accepts the access token');
  });

  it('answers 503 with Retry-After while the endpoint is down, never 401', async () => {
    const principal = await fx.verifier().verify(await withOpenid());
    fx.realm.faults.set('userinfo', { type: 'status', status: 502 });
    try {
      const error = await rejection(principal.userinfo());
      expect(error.status).toBe(503);
      expect(error.headers['retry-after']).toBeDefined();
    } finally {
      fx.realm.faults.clear('userinfo');
    }
  });

  it('copies the answer into an object that inherits nothing', async () => {
    const principal = await fx.verifier().verify(await withOpenid());
    const info = await principal.userinfo();
    expect(Object.getPrototypeOf(info)).toBeNull();
  });
});

describe('userinfo of a sender-constrained token', () => {
  const URL = 'https://api.test/orders';

  it('is refused for a DPoP-bound token with a clear error, and the token is never sent as Bearer', async () => {
    const key = await generateDpopKey('ES256');
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      scope: 'openid',
      dpopJkt: key.jkt,
    });
    const dpop = await fx.realm.dpopProof(key, { method: 'GET', url: URL, accessToken: token });
    const principal = await fx.verifier().authenticate({
      headers: { authorization: `DPoP ${token}`, dpop },
      method: 'GET',
      url: URL,
    });
    fx.realm.counters.reset();
    const failure = principal.userinfo();
    await expect(failure).rejects.toThrow(ConfigurationError);
    await expect(failure).rejects.toThrow(
      /cannot call userinfo for a DPoP-bound access token: it takes a DPoP proof/,
    );
    expect(fx.realm.counters.get('userinfo')).toBe(0);
  });

  it('is refused for a certificate-bound token: only the client holds the certificate key', async () => {
    const cert = await createClientCertificate();
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      scope: 'openid',
      certificateThumbprint: cert.thumbprint,
    });
    const principal = await fx.verifier().authenticate({
      headers: { authorization: `Bearer ${token}` },
      clientCertificate: () => cert.der,
    });
    fx.realm.counters.reset();
    await expect(principal.userinfo()).rejects.toThrow(
      /cannot call userinfo for a certificate-bound access token/,
    );
    expect(fx.realm.counters.get('userinfo')).toBe(0);
  });
});
