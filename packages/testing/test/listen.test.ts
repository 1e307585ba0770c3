import { createRemoteJWKSet, jwtVerify } from 'jose';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../src/node/index.js';
import type { ListeningKeycloak } from '../src/node/index.js';
import { fixture } from './helpers.js';

let server: ListeningKeycloak | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A raw node:http GET that reports how the connection ended. */
function rawGet(url: string, timeoutMs: number): Promise<'reset' | 'timeout' | number> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false });
    req.setTimeout(timeoutMs, () => {
      resolve('timeout');
      req.destroy();
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('reset'));
    req.end();
  });
}

describe('listen (real HTTP)', () => {
  it('serves the realm on 127.0.0.1 and points the base URL at it', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fx.kc.baseUrl).toBe(server.url);
    expect(fx.realm.issuer).toBe(`${server.url}/realms/acme`);
    const doc = (await (await fetch(fx.realm.discoveryUrl)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(doc.issuer).toBe(fx.realm.issuer);
    const jwks = createRemoteJWKSet(new URL(doc.jwks_uri));
    const token = await fx.realm.accessToken();
    await expect(
      jwtVerify(token, jwks, { issuer: doc.issuer, currentDate: new Date(fx.clock.now()) }),
    ).resolves.toBeDefined();
    expect(fx.realm.counters.get('certs')).toBe(1);
  });

  it('serves the token endpoint with form bodies', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    const res = await fetch(fx.realm.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'billing-worker',
        client_secret: 'billing-worker-secret',
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { token_type: string }).token_type).toBe('Bearer');
  });

  it('refuse destroys the socket without a response', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    fx.realm.faults.set('certs', { type: 'refuse', once: true });
    await expect(fetch(fx.realm.jwksUri)).rejects.toThrow(TypeError);
    expect(await rawGet(fx.realm.jwksUri, 2_000)).toBe(200);
    fx.realm.faults.set('certs', { type: 'refuse' });
    expect(await rawGet(fx.realm.jwksUri, 2_000)).toBe('reset');
  });

  it('hang keeps the socket open until the client gives up', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    fx.realm.faults.set('certs', { type: 'hang' });
    expect(await rawGet(fx.realm.jwksUri, 150)).toBe('timeout');
    await expect(fetch(fx.realm.jwksUri, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      /timeout|aborted/i,
    );
    expect(fx.realm.counters.get('certs')).toBe(2);
  });

  it('close() ends hung requests promptly and restores the base URL', async () => {
    const fx = await fixture();
    const listening = await listen(fx.kc);
    fx.realm.faults.set('certs', { type: 'hang' });
    const hung = rawGet(fx.realm.jwksUri, 10_000);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await listening.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await hung).toBe('reset');
    expect(fx.kc.baseUrl).toBe('http://keycloak.test');
  });

  it('applies status, garbage, slow and oversized faults over HTTP', async () => {
    const fx = await fixture();
    server = await listen(fx.kc);
    fx.realm.faults.set('discovery', { type: 'status', status: 500, once: true });
    expect((await fetch(fx.realm.discoveryUrl)).status).toBe(500);
    fx.realm.faults.set('certs', { type: 'garbage', once: true });
    await expect((await fetch(fx.realm.jwksUri)).json()).rejects.toThrow(SyntaxError);
    fx.realm.faults.set('certs', { type: 'slow', ms: 100, once: true });
    const started = Date.now();
    expect((await fetch(fx.realm.jwksUri)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    fx.realm.faults.set('certs', { type: 'oversized', bytes: 300_000, once: true });
    const res = await fetch(fx.realm.jwksUri);
    expect(res.headers.get('content-length')).toBe('300000');
    expect((await res.text()).length).toBe(300_000);
  });
});
