// realmguard quickstart: a tiny orders API on plain node:http, protected by @realmguard/core,
// verified against an embedded Keycloak-shaped realm (@realmguard/testing) over real HTTP.
// Run from the repository root: `pnpm demo`. Pass --once to exit after the walkthrough.
import { createServer } from 'node:http';
import { createVerifier, isAuthError, role, scope } from '@realmguard/core';
import { createTestKeycloak } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';

const once = process.argv.includes('--once');

// 1. The identity provider: a realm "acme" with users alice (admin) and bob (viewer).
const kc = createTestKeycloak();
const realm = await kc.createRealm();
const idp = await listen(kc);

// 2. The API: one verifier, shared by every route.
const verifier = createVerifier({ issuer: realm.issuer, audience: 'orders-api' });
await verifier.warmUp();

const routes = {
  'GET /orders': { policy: undefined, handle: (p) => ({ orders: [{ id: 1, owner: p.username }] }) },
  'GET /orders/export': { policy: scope('orders:read'), handle: () => ({ export: 'started' }) },
  'POST /orders/1/cancel': { policy: role('admin'), handle: () => ({ cancelled: 1 }) },
};

const api = createServer(async (req, res) => {
  const route = routes[`${req.method} ${req.url}`];
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  if (!route) return send(404, { error: 'not_found' });
  try {
    const principal = await verifier.authenticate({ headers: req.headers });
    if (route.policy) await route.policy.check(principal);
    send(200, route.handle(principal));
  } catch (error) {
    if (!isAuthError(error)) return send(500, { error: 'server_error' });
    send(error.status, error.body, error.headers);
  }
});
await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${api.address().port}`;

// 3. The walkthrough: real tokens from the realm, real HTTP requests to the API.
const mapped = 'orders-web-mapped'; // a client whose tokens carry aud "orders-api" (Audience mapper)
const scenarios = [
  [
    'alice (admin) lists orders',
    'GET',
    '/orders',
    await realm.accessToken({ user: 'alice', client: mapped }),
  ],
  [
    'alice (admin) cancels an order',
    'POST',
    '/orders/1/cancel',
    await realm.accessToken({ user: 'alice', client: mapped }),
  ],
  [
    'bob (viewer) cancels an order',
    'POST',
    '/orders/1/cancel',
    await realm.accessToken({ user: 'bob', client: mapped }),
  ],
  ['no token at all', 'GET', '/orders', undefined],
  [
    'an ID token misused as a bearer token',
    'GET',
    '/orders',
    await realm.idToken({ user: 'alice', client: 'orders-api' }),
  ],
  ['an expired token', 'GET', '/orders', await realm.adversarial.expired(60)],
  [
    'a token without the Audience mapper',
    'GET',
    '/orders',
    await realm.accessToken({ user: 'alice', client: 'orders-api', claims: { aud: 'account' } }),
  ],
];

console.log(`\nKeycloak-shaped realm: ${realm.issuer}\nOrders API:            ${apiUrl}\n`);
for (const [label, method, path, token] of scenarios) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json();
  const reason = body.error_description ?? JSON.stringify(body);
  console.log(
    `${String(response.status).padEnd(4)} ${label.padEnd(40)} ${method} ${path}  ${reason}`,
  );
  if (body.hint) console.log(`     hint: ${body.hint}`);
}

if (once) {
  api.close();
  await idp.close();
} else {
  const token = await realm.accessToken({ user: 'alice', client: mapped, lifetime: 3600 });
  console.log(`\nServing until Ctrl-C. Try (token valid for 1 hour):\n`);
  console.log(`  curl -i ${apiUrl}/orders -H "Authorization: Bearer ${token}"`);
  console.log(`  curl -i -X POST ${apiUrl}/orders/1/cancel -H "Authorization: Bearer ${token}"`);
  console.log(`  curl -i ${apiUrl}/orders`);
}
