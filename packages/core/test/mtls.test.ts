import { createClientCertificate, type ClientCertificate } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verifier } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
let cert: ClientCertificate;
let other: ClientCertificate;
beforeAll(async () => {
  fx = await startRealm();
  [cert, other] = await Promise.all([createClientCertificate(), createClientCertificate()]);
});
afterAll(() => fx.close());

const bound = () =>
  fx.realm.accessToken({
    user: 'alice',
    client: 'orders-web-mapped',
    certificateThumbprint: cert.thumbprint,
  });
const MISMATCH = 'certificate_mismatch';

describe('certificate-bound tokens (RFC 8705)', () => {
  let verifier: Verifier;
  beforeAll(() => {
    verifier = fx.verifier();
  });

  it('accepts the token with the TLS certificate it is bound to (as an adapter passes it)', async () => {
    const principal = await verifier.authenticate({
      headers: { authorization: `Bearer ${await bound()}` },
      clientCertificate: () => cert.der,
    });
    expect(principal.confirmation).toEqual({ 'x5t#S256': cert.thumbprint });
    expect(principal.scheme).toBe('Bearer');
  });

  it('refuses it with another certificate, without one, and from verify() (no request)', async () => {
    const token = await bound();
    const headers = { authorization: `Bearer ${token}` };
    for (const clientCertificate of [() => other.der, () => undefined, undefined]) {
      const error = await rejection(verifier.authenticate({ headers, clientCertificate }));
      expect(error.code).toBe(MISMATCH);
      expect(error.headers['www-authenticate']).toBe(
        'Bearer realm="acme", error="invalid_token", error_description="The access token is bound ' +
          'to a client certificate that the request does not present"',
      );
    }
    expect((await rejection(verifier.verify(token))).code).toBe(MISMATCH);
    // A cached bound token never takes the fast path, which has no certificate to compare.
    expect(verifier.cached({ headers })).toBeUndefined();
  });

  it('reads the nginx header only when configured, and ignores the TLS certificate then', async () => {
    const token = await bound();
    const behindNginx = fx.verifier({ mtls: { certificateHeader: 'nginx' } });
    const header = { 'ssl-client-cert': encodeURIComponent(cert.certificatePem) };
    await expect(
      behindNginx.authenticate({ headers: { authorization: `Bearer ${token}`, ...header } }),
    ).resolves.toBeDefined();
    // The header without the option is any client's header: not trusted.
    const error = await rejection(
      verifier.authenticate({ headers: { authorization: `Bearer ${token}`, ...header } }),
    );
    expect(error.code).toBe(MISMATCH);
    const tlsOnly = await rejection(
      behindNginx.authenticate({
        headers: { authorization: `Bearer ${token}` },
        clientCertificate: () => cert.der,
      }),
    );
    expect(tlsOnly.code).toBe(MISMATCH);
    for (const garbage of [
      '%E0%A4%A',
      'not a certificate',
      encodeURIComponent(other.certificatePem),
    ]) {
      const refused = await rejection(
        behindNginx.authenticate({
          headers: { authorization: `Bearer ${token}`, 'ssl-client-cert': garbage },
        }),
      );
      expect(refused.code).toBe(MISMATCH);
    }
  });

  it('takes the Envoy element the last proxy wrote, not one a client put before it', async () => {
    const token = await bound();
    const behindEnvoy = fx.verifier({ mtls: { certificateHeader: 'envoy' } });
    const element = (pem: string) => `Hash=00;Cert="${encodeURIComponent(pem)}";Subject="CN=x"`;
    const send = (xfcc: string) =>
      behindEnvoy.authenticate({
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-client-cert': xfcc },
      });
    await expect(
      send(`${element(other.certificatePem)},${element(cert.certificatePem)}`),
    ).resolves.toBeDefined();
    const spoofed = await rejection(send(`${element(cert.certificatePem)},By=spiffe://x;Hash=11`));
    expect(spoofed.code).toBe(MISMATCH);
  });

  it('refuses a token bound by a confirmation method it cannot check', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      claims: { cnf: { jwk: { kty: 'EC' } } },
    });
    const error = await rejection(
      verifier.authenticate({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(error.code).toBe('unsupported_confirmation');
  });
});
