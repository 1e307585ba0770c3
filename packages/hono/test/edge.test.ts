import { EdgeRuntime } from 'edge-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeAdapterContract } from '@realmguard/test-fixtures/adapter-contract';
import { bundle, edgeServer } from './edge-server.js';

let runtime: EdgeRuntime;
beforeAll(async () => {
  runtime = new EdgeRuntime({ initialCode: await bundle('worker.ts') });
}, 60_000);

const mint = (user: string, scope?: string) =>
  runtime.evaluate<Promise<string>>(
    `mint(${JSON.stringify(user)}${scope ? `, ${JSON.stringify(scope)}` : ''})`,
  );

async function get(path: string, token?: string | Record<string, string>) {
  const headers = typeof token === 'string' ? { authorization: `Bearer ${token}` } : token;
  const response = await runtime.dispatchFetch(`https://edge.test${path}`, { headers });
  await response.waitUntil();
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    body: (await response.json()) as unknown,
  };
}

describe('edge runtime (edge-runtime sandbox, no Node.js)', () => {
  it('has no Node.js globals in the sandbox', () => {
    expect(runtime.evaluate('typeof process')).toBe('undefined');
    expect(runtime.evaluate('typeof Buffer')).toBe('undefined');
    expect(runtime.evaluate('typeof require')).toBe('undefined');
    expect(runtime.evaluate('typeof EdgeRuntime')).toBe('string');
  });

  it('Hono adapter: authenticates with options read from c.env and the in-process IdP', async () => {
    const alice = await mint('alice');
    expect(await get('/hono/me', alice)).toEqual({
      status: 200,
      wwwAuthenticate: null,
      body: { user: 'alice' },
    });
    expect(await get('/hono/admin', alice)).toMatchObject({ status: 200, body: { user: 'alice' } });
  });

  it('Hono adapter: answers 401, 403 with RFC 6750 challenges', async () => {
    expect(await get('/hono/me')).toEqual({
      status: 401,
      wwwAuthenticate: 'Bearer realm="acme"',
      body: { error_description: 'Authentication is required' },
    });
    const bob = await mint('bob');
    expect(await get('/hono/admin', bob)).toEqual({
      status: 403,
      wwwAuthenticate:
        'Bearer realm="acme", error="insufficient_scope", error_description="Requires realm role \\"admin\\""',
      body: { error: 'insufficient_scope', error_description: 'Requires realm role "admin"' },
    });
    expect((await get('/hono/scope', await mint('bob', 'orders:read'))).status).toBe(200);
  });

  it('Hono adapter: one verifier for all requests (the IdP is asked once)', async () => {
    // The first request may be the one that fetches discovery and keys (tests run in any order).
    expect((await get('/hono/me', await mint('alice'))).status).toBe(200);
    const before = await runtime.evaluate<Promise<number>>('idpRequests()');
    expect(before).toBeGreaterThan(0);
    for (const user of ['alice', 'bob', 'alice']) {
      expect((await get('/hono/me', await mint(user))).status).toBe(200);
    }
    expect(await runtime.evaluate<Promise<number>>('idpRequests()')).toBe(before);
  });

  it('Hono adapter: a DPoP-bound token with its proof on the Web Crypto path; a replayed proof is refused', async () => {
    const { token, proof } = await runtime.evaluate<Promise<{ token: string; proof: string }>>(
      `dpop('https://edge.test/hono/me')`,
    );
    const dpop = { authorization: `DPoP ${token}`, dpop: proof };
    const before = runtime.evaluate<number>('webCryptoVerifies()');
    expect(await get('/hono/me', dpop)).toEqual({
      status: 200,
      wwwAuthenticate: null,
      body: { user: 'alice' },
    });
    // The token's signature and the proof's: both through crypto.subtle (no node:crypto here).
    expect(runtime.evaluate<number>('webCryptoVerifies()')).toBeGreaterThanOrEqual(before + 2);
    const replayed = await get('/hono/me', dpop);
    expect(replayed).toMatchObject({
      status: 401,
      body: {
        error: 'invalid_dpop_proof',
        error_description: 'The DPoP proof has already been used',
      },
    });
    expect(replayed.wwwAuthenticate).toMatch(/^DPoP realm="acme", error="invalid_dpop_proof"/);
  });

  it('Web guard: principal or Response, inside the sandbox', async () => {
    expect(await get('/guard/admin', await mint('alice'))).toEqual({
      status: 200,
      wwwAuthenticate: null,
      body: { user: 'alice' },
    });
    expect(await get('/guard/admin', 'not-a-jwt')).toEqual({
      status: 401,
      wwwAuthenticate:
        'Bearer realm="acme", error="invalid_token", error_description="The access token is not a well-formed JWT"',
      body: {
        error: 'invalid_token',
        error_description: 'The access token is not a well-formed JWT',
      },
    });
    expect((await get('/guard/admin', await mint('bob'))).status).toBe(403);
  });
});

describeAdapterContract('Hono inside edge-runtime', edgeServer('hono'));
describeAdapterContract('Web guard inside edge-runtime', edgeServer('guard'));
