/**
 * Runs the sender-constrained cases (`dpop-cases.ts`) against one adapter over real HTTP: a
 * default server and a second one sharing its store (replays across instances), one with DPoP
 * nonces, and two behind a "proxy" that forwards the client certificate (nginx, Envoy).
 *
 * @example
 * ```ts
 * describeDpopContract('Express 5', expressServer(express));
 * ```
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, type VerifierOptions } from '@realmguard/core';
import { createClientCertificate } from '@realmguard/testing';
import type { Outcome } from './cases.js';
import type { ContractServer, MakeServer } from './contract.js';
import {
  SENDER_CASES,
  senderKeys,
  type SenderContext,
  type SenderHeaders,
  type SenderServer,
} from './dpop-cases.js';
import { CONTRACT_TIME, startContractRealm, type ContractRealm } from './fixture.js';

/** What an answer is reduced to, with the `DPoP-Nonce` header. */
interface SenderAnswer extends Outcome {
  dpopNonce: string | null;
}

/** A GET with the given header lines (a list: one line per value), over `node:http`. */
function send(server: ContractServer, path: string, headers: SenderHeaders): Promise<SenderAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method: 'GET', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => {
        const header = (name: string) => (res.headers[name] as string | undefined) ?? null;
        const json = (header('content-type') ?? '').includes('application/json');
        resolve({
          status: res.statusCode ?? 0,
          wwwAuthenticate: header('www-authenticate'),
          retryAfter: header('retry-after'),
          xAuthError: header('x-auth-error'),
          body: json ? (JSON.parse(text) as unknown) : text,
          dpopNonce: header('dpop-nonce'),
        });
      });
    });
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, [value].flat());
    req.on('error', reject);
    req.end();
  });
}

/** The Envoy `x-forwarded-client-cert` of a proxy chain whose last element carries `pem`. */
function xfcc(pem: string, hash: string): string {
  const first = 'By=spiffe://edge;Hash=00;Subject="CN=spoofed";URI=spiffe://client';
  return `${first},By=spiffe://api;Hash=${hash};Cert="${encodeURIComponent(pem)}";Subject="CN=c"`;
}

/**
 * Declares the sender-constrained cases for one adapter.
 *
 * @example
 * ```ts
 * describeDpopContract('Koa 3', (options) => koaServer(Koa, options));
 * ```
 */
export function describeDpopContract(name: string, makeServer: MakeServer): void {
  describe(`${name} sender-constrained tokens (DPoP, mTLS)`, () => {
    let fx: ContractRealm;
    const servers = new Map<SenderServer, ContractServer>();
    let context: Omit<SenderContext, 'url'>;
    beforeAll(async () => {
      fx = await startContractRealm();
      const store = createMemoryStore({ now: () => CONTRACT_TIME });
      const base = fx.verifierOptions();
      const options: Record<SenderServer, VerifierOptions> = {
        default: { ...base, store },
        second: { ...base, store },
        nonce: { ...base, dpop: { nonce: { secret: 'the contract nonce secret, 32 bytes' } } },
        nginx: { ...base, mtls: { certificateHeader: 'nginx' } },
        envoy: { ...base, mtls: { certificateHeader: 'envoy' } },
      };
      for (const [variant, verifierOptions] of Object.entries(options)) {
        // Two instances behind one load balancer: the second knows the first one's public URL.
        const publicUrl = variant === 'second' ? servers.get('default')!.url : undefined;
        const dpopOptions = publicUrl ? { dpop: { publicUrl } } : {};
        servers.set(
          variant as SenderServer,
          await makeServer({ verifierOptions: { ...verifierOptions, ...dpopOptions } }),
        );
      }
      const [cert, other] = await Promise.all([
        createClientCertificate({ commonName: 'orders-web' }),
        createClientCertificate({ commonName: 'intruder' }),
      ]);
      context = {
        realm: fx.realm,
        keys: await senderKeys(),
        certificate: {
          thumbprint: cert.thumbprint,
          nginx: encodeURIComponent(cert.certificatePem),
          otherNginx: encodeURIComponent(other.certificatePem),
          envoy: xfcc(cert.certificatePem, '11'),
        },
      };
    });
    afterAll(async () => {
      await Promise.all([...servers.values()].map((server) => server.close()));
      await fx?.close();
    });

    for (const c of SENDER_CASES) {
      it(c.name, async () => {
        const server = servers.get(c.server)!;
        // Proofs name the public URL: for the second instance, the first one's.
        const publicUrl = servers.get(c.server === 'second' ? 'default' : c.server)!.url;
        const headers = await c.headers({ ...context, url: `${publicUrl}${c.path}` });
        if (c.first) {
          // The replay cases: the proof is used once (on the default server) before.
          const primary = servers.get('default')!;
          expect((await send(primary, c.path, headers)).status).toBe(200);
        }
        const { dpopNonce, ...outcome } = await send(server, c.path, headers);
        expect(outcome).toEqual(c.expected);
        expect(dpopNonce).toBeNull();
      });
    }

    it('DPoP nonces: 401 use_dpop_nonce with DPoP-Nonce, then 200 with the nonce in the proof', async () => {
      const server = servers.get('nonce')!;
      const url = `${server.url}/me`;
      const { realm, keys } = context;
      const token = await realm.accessToken({
        user: 'alice',
        client: 'orders-web-mapped',
        dpopJkt: keys.key.jkt,
      });
      const proof = (nonce?: string) =>
        realm.dpopProof(keys.key, { method: 'GET', url, accessToken: token, nonce });
      const authorization = `DPoP ${token}`;
      const asked = await send(server, '/me', { authorization, dpop: await proof() });
      const description = 'The DPoP proof must carry the nonce the resource server provided';
      expect(asked.status).toBe(401);
      expect(asked.body).toEqual({ error: 'use_dpop_nonce', error_description: description });
      expect(asked.wwwAuthenticate).toMatch(/^DPoP realm="acme", error="use_dpop_nonce", /);
      expect(asked.dpopNonce).toMatch(/^[A-Za-z0-9_-]{54}$/);
      const answered = await send(server, '/me', {
        authorization,
        dpop: await proof(asked.dpopNonce!),
      });
      expect(answered.status).toBe(200);
      expect(answered.body).toEqual({ user: 'alice' });
    });
  });
}
