/**
 * Bundled by `edge.test.ts` and run inside the `edge-runtime` sandbox (no Node.js: no process,
 * no Buffer, no require). Everything runs in there: the test Keycloak (its in-process fetch
 * handler is the IdP), a Hono app, and a framework-free Web guard.
 */
import { Hono } from 'hono';
import { createGuard, role, type Guard } from '@realmguard/core';
import { createTestKeycloak, generateDpopKey } from '@realmguard/testing';
import { realmguard, requireRole, requireScope, type AuthVariables } from '../../src/index.js';

interface FetchEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface EdgeGlobal {
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  mint(user: string, scope?: string): Promise<string>;
  idpRequests(): Promise<number>;
  dpop(url: string): Promise<{ token: string; proof: string }>;
  webCryptoVerifies(): number;
}
const edge = globalThis as unknown as EdgeGlobal;

// Signature checks through Web Crypto, counted (the real function does the work): without
// node:crypto, core checks tokens and DPoP proofs with crypto.subtle.verify.
let webCryptoVerifies = 0;
const subtleVerify = crypto.subtle.verify.bind(crypto.subtle);
crypto.subtle.verify = (...args: Parameters<SubtleCrypto['verify']>) => {
  webCryptoVerifies += 1;
  return subtleVerify(...args);
};

const kc = createTestKeycloak();
const ready = kc.createRealm();

type AppEnv = { Bindings: { ISSUER: string }; Variables: AuthVariables };
const app = new Hono<AppEnv>();
// Options are a function of the context: edge runtimes hand configuration over as `env`.
app.use(
  '/hono/*',
  realmguard<AppEnv>((c) => ({ issuer: c.env.ISSUER, audience: 'orders-api', fetch: kc.fetch })),
);
app.get('/hono/me', (c) => c.json({ user: c.get('auth').username }));
app.get('/hono/admin', requireRole('admin'), (c) => c.json({ user: c.get('auth').username }));
app.get('/hono/scope', requireScope('orders:read'), (c) =>
  c.json({ user: c.get('auth').username }),
);

let guard: Guard | undefined;

async function handle(request: Request): Promise<Response> {
  const realm = await ready;
  const { pathname } = new URL(request.url);
  if (pathname === '/guard/admin') {
    guard ??= createGuard({ issuer: realm.issuer, audience: 'orders-api', fetch: kc.fetch });
    const principal = await guard(request, role('admin'));
    return principal instanceof Response ? principal : Response.json({ user: principal.username });
  }
  return app.fetch(request, { ISSUER: realm.issuer });
}

edge.addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
edge.mint = async (user, scope) =>
  (await ready).accessToken({ user, client: 'orders-web-mapped', scope });
edge.dpop = async (url) => {
  const realm = await ready;
  const key = await generateDpopKey('ES256');
  const token = await realm.accessToken({
    user: 'alice',
    client: 'orders-web-mapped',
    dpopJkt: key.jkt,
  });
  return { token, proof: await realm.dpopProof(key, { method: 'GET', url, accessToken: token }) };
};
edge.webCryptoVerifies = () => webCryptoVerifies;
edge.idpRequests = async () => {
  const { counters } = await ready;
  return counters.get('discovery') + counters.get('certs');
};
