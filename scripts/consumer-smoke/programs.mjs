// The programs the consumer smoke test (scripts/consumer-smoke.mjs) writes into the scratch app.
// They run there, against the installed tarballs, and throw on anything unexpected.

/** Imports every entry point from ESM; checks it resolves inside the app and exports something. */
export const esmCheck = `
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const app = realpathSync(process.cwd());
const names = {};
for (const specifier of JSON.parse(readFileSync('specifiers.json', 'utf8'))) {
  const file = realpathSync(fileURLToPath(import.meta.resolve(specifier)));
  if (!file.startsWith(app + '/node_modules/')) throw new Error(specifier + ' resolved outside the app: ' + file);
  const namespace = await import(specifier);
  names[specifier] = Object.keys(namespace).sort();
  if (names[specifier].length === 0) throw new Error(specifier + ' exports nothing');
  console.log('  esm  ' + specifier + ': ' + names[specifier].length + ' exports');
}
writeFileSync('esm-exports.json', JSON.stringify(names));
`;

/** Requires every entry point (require(esm)) and compares the export names with ESM's. */
export const cjsCheck = `
const { readFileSync } = require('node:fs');

const esm = JSON.parse(readFileSync('esm-exports.json', 'utf8'));
for (const specifier of JSON.parse(readFileSync('specifiers.json', 'utf8'))) {
  const exports = require(specifier);
  const names = Object.keys(exports).filter((name) => name !== '__esModule' && name !== 'module.exports').sort();
  if (JSON.stringify(names) !== JSON.stringify(esm[specifier])) {
    throw new Error(specifier + ': require() sees [' + names + '], import sees [' + esm[specifier] + ']');
  }
  if (typeof exports !== 'object' || names.length === 0) throw new Error(specifier + ' requires to nothing');
  console.log('  cjs  ' + specifier + ': ' + names.length + ' exports');
}
`;

/** Strict TypeScript use of core and testing, as a user's service and its tests would write it. */
export const coreTypes = `
import {
  anyOf,
  createGuard,
  createVerifier,
  isAuthError,
  role,
  scope,
  type AuthErrorCode,
  type Policy,
  type Principal,
  type VerifierEvent,
  type VerifierOptions,
} from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';

const events: VerifierEvent[] = [];
const options: VerifierOptions = {
  issuer: 'https://sso.example.com/realms/acme',
  audience: 'orders-api',
  onEvent: (event) => void events.push(event),
};
const verifier = createVerifier(options);
const canRead: Policy = anyOf(role('admin'), scope('orders:read'));

export async function username(token: string): Promise<string | AuthErrorCode | undefined> {
  try {
    const principal: Principal = await verifier.verify(token);
    await canRead.check(principal);
    return principal.username;
  } catch (error) {
    if (isAuthError(error)) return error.code;
    throw error;
  }
}

const guard = createGuard(verifier);
export async function handle(request: Request): Promise<Response> {
  const result = await guard(request, role('admin'));
  return result instanceof Response ? result : Response.json({ hello: result.username ?? null });
}

export async function realm(): Promise<TestRealm> {
  const kc = createTestKeycloak();
  const server = await listen(kc);
  const created = await kc.createRealm();
  await server.close();
  return created;
}
`;

/** Starts the test realm from the testing tarball, then one server per adapter, and asks them. */
export const serveCheck = `
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createGuard, createVerifier, role } from '@realmguard/core';
import { createTestKeycloak } from '@realmguard/testing';
import { listen as listenKeycloak } from '@realmguard/testing/node';

function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(what + ': expected ' + JSON.stringify(expected) + ', got ' + JSON.stringify(actual));
}

function listen(handler) {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: 'http://127.0.0.1:' + server.address().port,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

async function ask(url, token) {
  const headers = token ? { authorization: 'Bearer ' + token } : {};
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json().catch(() => null) };
}

async function expectAnswers(name, url, alice, bob) {
  const admin = await ask(url, alice);
  equal(admin.status, 200, name + ' admin status');
  equal(admin.body?.hello, 'alice', name + ' admin body');
  const viewer = await ask(url, bob);
  equal(viewer.status, 403, name + ' viewer status');
  equal(viewer.body?.error, 'insufficient_scope', name + ' viewer error');
  const anonymous = await ask(url);
  equal(anonymous.status, 401, name + ' no-token status');
  equal(anonymous.challenge, 'Bearer realm="acme"', name + ' no-token challenge');
  console.log('  ' + name + ': 200 for alice, 403 for bob, 401 without a token');
}

const kc = createTestKeycloak();
const server = await listenKeycloak(kc);
try {
  const realm = await kc.createRealm();
  const alice = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
  const bob = await realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
  const options = { issuer: realm.issuer, audience: 'orders-api' };

  for (const name of JSON.parse(readFileSync('adapters.json', 'utf8'))) {
    const { start } = await import('./serve-' + name.split('/')[1] + '.mjs');
    const app = await start(options, listen);
    try {
      await expectAnswers(name, app.url + '/admin', alice, bob);
    } finally {
      await app.close();
    }
  }

  // The Web guard of core, with the realm in-process (fetch: kc.fetch) instead of over HTTP.
  const guard = createGuard(createVerifier({ ...options, fetch: kc.fetch }));
  const web = await listen(async (req, res) => {
    const request = new Request('http://api.test' + req.url, { headers: req.headers });
    const result = await guard(request, role('admin'));
    const response = result instanceof Response ? result : Response.json({ hello: result.username });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  try {
    await expectAnswers('@realmguard/core (Web guard, in-process realm)', web.url + '/admin', alice, bob);
  } finally {
    await web.close();
  }

  // The CLI's bin, as installed: the doctor accepts alice's token.
  writeFileSync('token.txt', alice);
  const doctor = await promisify(execFile)(
    'node_modules/.bin/realmguard',
    ['doctor', '--issuer', realm.issuer, '--audience', 'orders-api', '--token-file', 'token.txt', '--json'],
    { timeout: 30_000 },
  ).catch((error) => { throw new Error('realmguard doctor exited ' + error.code + ': ' + error.stdout + error.stderr); });
  equal(JSON.parse(doctor.stdout).accepted, true, 'realmguard doctor verdict');
  console.log('  @realmguard/cli: realmguard doctor accepts the token (exit 0)');
} finally {
  await server.close();
}
`;
