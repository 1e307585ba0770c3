/**
 * Certificate-bound tokens over a real TLS connection (RFC 8705 §3): an HTTPS server on
 * 127.0.0.1 that asks for a client certificate, and client certificates generated during the
 * test. The adapter reads the certificate from the socket (Node-only code in the adapter);
 * core compares its thumbprint with the token's `cnf["x5t#S256"]`. DPoP over TLS checks that
 * the adapter's URL says `https`.
 *
 * @example
 * ```ts
 * describeMtlsContract('Express 5', (options) => expressApp(options));
 * ```
 */
import type { RequestListener } from 'node:http';
import { createServer, request, type Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifierOptions } from '@realmguard/core';
import {
  createClientCertificate,
  generateDpopKey,
  type ClientCertificate,
} from '@realmguard/testing';
import { startContractRealm, type ContractRealm } from './fixture.js';

/**
 * An app with `GET /me` behind `realmguard(verifierOptions)`, as a Node request listener (or a
 * promise of one, for frameworks that start asynchronously: Fastify, Nest).
 */
export type MakeListener = (
  verifierOptions: VerifierOptions,
) => RequestListener | Promise<RequestListener>;

interface Answer {
  status: number;
  body: unknown;
}

/** A GET over TLS, with a client certificate or without. */
function get(
  url: string,
  headers: Record<string, string>,
  client?: ClientCertificate,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const tls = client ? { cert: client.certificatePem, key: client.privateKeyPem } : {};
    const req = request(
      url,
      { headers, rejectUnauthorized: false, agent: false, ...tls },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const MISMATCH = {
  error: 'invalid_token',
  error_description:
    'The access token is bound to a client certificate that the request does not present',
};

/**
 * Declares the TLS cases for one adapter.
 *
 * @example
 * ```ts
 * describeMtlsContract('Koa 3', (options) => koaApp(options).callback());
 * ```
 */
export function describeMtlsContract(name: string, makeListener: MakeListener): void {
  describe(`${name} certificate-bound tokens over TLS`, () => {
    let fx: ContractRealm;
    let server: Server;
    let url: string;
    let client: ClientCertificate;
    let intruder: ClientCertificate;
    beforeAll(async () => {
      fx = await startContractRealm();
      const [serverCert, clientCert, otherCert] = await Promise.all([
        createClientCertificate({ commonName: '127.0.0.1' }),
        createClientCertificate({ commonName: 'orders-web' }),
        createClientCertificate({ commonName: 'intruder' }),
      ]);
      client = clientCert;
      intruder = otherCert;
      const listener = await makeListener(fx.verifierOptions());
      // Self-signed client certificates: the handshake proves the key, the token names it.
      server = createServer(
        {
          cert: serverCert.certificatePem,
          key: serverCert.privateKeyPem,
          requestCert: true,
          rejectUnauthorized: false,
        },
        listener,
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      url = `https://127.0.0.1:${address.port}/me`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      });
      await fx?.close();
    });

    const bound = () =>
      fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web-mapped',
        certificateThumbprint: client.thumbprint,
      });

    it('accepts a certificate-bound token over a connection with that client certificate', async () => {
      const answer = await get(url, { authorization: `Bearer ${await bound()}` }, client);
      expect(answer).toEqual({ status: 200, body: { user: 'alice' } });
    });

    it('refuses it with another client certificate: 401 invalid_token', async () => {
      const answer = await get(url, { authorization: `Bearer ${await bound()}` }, intruder);
      expect(answer).toEqual({ status: 401, body: MISMATCH });
    });

    it('refuses it without a client certificate: 401 invalid_token', async () => {
      const answer = await get(url, { authorization: `Bearer ${await bound()}` });
      expect(answer).toEqual({ status: 401, body: MISMATCH });
    });

    it('still accepts an unbound token over TLS, with or without a certificate', async () => {
      const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
      expect(await get(url, { authorization: `Bearer ${token}` })).toEqual({
        status: 200,
        body: { user: 'bob' },
      });
      expect(await get(url, { authorization: `Bearer ${token}` }, intruder)).toEqual({
        status: 200,
        body: { user: 'bob' },
      });
    });

    it('checks a DPoP proof against the https URL of the TLS connection', async () => {
      const key = await generateDpopKey();
      const token = await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web-mapped',
        dpopJkt: key.jkt,
      });
      const proof = (target: string) =>
        fx.realm.dpopProof(key, { method: 'GET', url: target, accessToken: token });
      const ok = await get(url, { authorization: `DPoP ${token}`, dpop: await proof(url) });
      expect(ok).toEqual({ status: 200, body: { user: 'alice' } });
      const http = url.replace('https:', 'http:');
      const wrong = await get(url, { authorization: `DPoP ${token}`, dpop: await proof(http) });
      expect(wrong.status).toBe(401);
    });
  });
}
