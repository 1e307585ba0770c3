/**
 * The contract of the opt-in cookie token source (`cookie: 'KEYCLOAK_JWT'`): every adapter passes
 * the `Cookie` header through to core and gives the same RFC 6750 answers as for the header,
 * including 400 `invalid_request` when a request carries a header token and a cookie token.
 * `describeAdapterContract` runs these cases too, on a server whose verifier reads the cookie.
 *
 * @example
 * ```ts
 * describeCookieContract('Express 5', expressServer(express));
 * ```
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRealm } from '@realmguard/testing';
import type { Outcome } from './cases.js';
import type { ContractServer, MakeServer } from './contract.js';
import { startContractRealm, type ContractRealm } from './fixture.js';

/** The cookie the contract's cookie server reads tokens from. */
export const CONTRACT_COOKIE = 'KEYCLOAK_JWT';

/** One cookie case: the headers sent (computed from the realm) and the exact answer. */
export interface CookieCase {
  name: string;
  path: string;
  headers: (realm: TestRealm) => Promise<Record<string, string>>;
  expected: Outcome;
}

const alice = (realm: TestRealm) =>
  realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
const bob = (realm: TestRealm) => realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
const cookie = (value: string) => ({ cookie: `theme=dark; ${CONTRACT_COOKIE}=${value}; lang=en` });

const answer = (status: number, wwwAuthenticate: string | null, body: unknown): Outcome => ({
  status,
  wwwAuthenticate,
  retryAfter: null,
  xAuthError: null,
  body,
});
const ok = (user: string | null) => answer(200, null, { user });
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;
const challenge = (status: number, error: string, description: string) =>
  answer(
    status,
    `Bearer realm="acme", error="${error}", error_description=${quoted(description)}`,
    {
      error,
      error_description: description,
    },
  );
const MISSING = answer(401, 'Bearer realm="acme"', {
  error_description: 'Authentication is required',
});
const TWO = challenge(400, 'invalid_request', 'The request carries more than one access token');

/** The cases, in the order they run. */
export const COOKIE_CASES: readonly CookieCase[] = [
  {
    name: 'token in the cookie → 200 with the principal',
    path: '/me',
    headers: async (realm) => cookie(await alice(realm)),
    expected: ok('alice'),
  },
  {
    name: 'token in the Authorization header still works → 200',
    path: '/me',
    headers: async (realm) => ({ authorization: `Bearer ${await alice(realm)}`, cookie: 'a=b' }),
    expected: ok('alice'),
  },
  {
    name: 'other cookies only → 401 with a bare Bearer challenge',
    path: '/me',
    headers: () => Promise.resolve({ cookie: 'theme=dark; keycloak_jwt=lowercase-is-another' }),
    expected: MISSING,
  },
  {
    name: 'header and cookie together → 400 invalid_request, as header and query',
    path: '/me',
    headers: async (realm) => ({
      authorization: `Bearer ${await alice(realm)}`,
      ...cookie(await alice(realm)),
    }),
    expected: TWO,
  },
  {
    name: 'the cookie twice → 400 invalid_request',
    path: '/me',
    headers: async (realm) => ({
      cookie: `${CONTRACT_COOKIE}=${await alice(realm)}; ${CONTRACT_COOKIE}=${await bob(realm)}`,
    }),
    expected: TWO,
  },
  {
    name: 'an empty cookie → 401 invalid_token',
    path: '/me',
    headers: () => Promise.resolve(cookie('')),
    expected: challenge(401, 'invalid_token', 'The bearer token is empty'),
  },
  {
    name: 'an expired token in the cookie → 401 invalid_token',
    path: '/me',
    headers: async (realm) =>
      cookie(await realm.adversarial.expired(60, { user: 'alice', client: 'orders-web-mapped' })),
    expected: challenge(401, 'invalid_token', 'The access token expired'),
  },
  {
    name: 'role absent, token in the cookie → 403 insufficient_scope',
    path: '/admin',
    headers: async (realm) => cookie(await bob(realm)),
    expected: challenge(403, 'insufficient_scope', 'Requires realm role "admin"'),
  },
  {
    name: 'optional auth reads the cookie too → the principal',
    path: '/optional',
    headers: async (realm) => cookie(await alice(realm)),
    expected: ok('alice'),
  },
];

async function send(server: ContractServer, path: string, headers: Record<string, string>) {
  const response = await fetch(`${server.url}${path}`, { headers });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    retryAfter: response.headers.get('retry-after'),
    xAuthError: response.headers.get('x-auth-error'),
    body: json ? (JSON.parse(text) as unknown) : text,
  } satisfies Outcome;
}

/**
 * Declares the cookie cases for one adapter, over a server whose verifier options add
 * `cookie: 'KEYCLOAK_JWT'`.
 *
 * @example
 * ```ts
 * describeCookieContract('Koa 3', (options) => koaServer(Koa, options));
 * ```
 */
export function describeCookieContract(name: string, makeServer: MakeServer): void {
  describe(`${name} cookie token source`, () => {
    let fx: ContractRealm;
    let server: ContractServer;
    beforeAll(async () => {
      fx = await startContractRealm();
      server = await makeServer({
        verifierOptions: { ...fx.verifierOptions(), cookie: CONTRACT_COOKIE },
      });
    });
    afterAll(async () => {
      await server?.close();
      await fx?.close();
    });

    for (const c of COOKIE_CASES) {
      it(c.name, async () => {
        expect(await send(server, c.path, await c.headers(fx.realm))).toEqual(c.expected);
      });
    }
  });
}
