/**
 * Every case of the adapter contract, described once: the request, and the exact answer
 * (status, `WWW-Authenticate`, `Retry-After`, the custom error header, JSON body) that every
 * adapter must give.
 */
import { audienceMapperHint } from '@realmguard/core';
import type { TestRealm } from '@realmguard/testing';

/** What a response is reduced to for comparison. */
export interface Outcome {
  status: number;
  wwwAuthenticate: string | null;
  retryAfter: string | null;
  /** Set only by the contract's custom `onError` renderer. */
  xAuthError: string | null;
  /** Parsed JSON (a non-JSON body is kept as text, and so never equals an expected object). */
  body: unknown;
}

/**
 * Which server answers: `default` (no options), `custom-error` (the contract's `onError`), or
 * `idp-down` (a fresh server whose verifier has nothing cached, while discovery and certs refuse
 * connections).
 */
export type ServerVariant = 'default' | 'custom-error' | 'idp-down';

/** One case. */
export interface ContractCase {
  name: string;
  server: ServerVariant;
  path: string;
  /** The `Authorization` header value, if any; a list is sent as that many header lines. */
  authorization?: (realm: TestRealm) => Promise<string | readonly string[]>;
  /** Sends the first of several `Authorization` values alone first, so that it is cached. */
  cacheFirst?: boolean;
  expected: Outcome;
}

const REALM = 'realm="acme"';
const bearer = (mint: (realm: TestRealm) => Promise<string>) => async (realm: TestRealm) =>
  `Bearer ${await mint(realm)}`;
const alice = bearer((realm) => realm.accessToken({ user: 'alice', client: 'orders-web-mapped' }));
const bob = bearer((realm) => realm.accessToken({ user: 'bob', client: 'orders-web-mapped' }));
const withScope = (user: string) =>
  bearer((realm) =>
    realm.accessToken({ user, client: 'orders-web-mapped', scope: 'openid orders:read' }),
  );
const expired = bearer((realm) =>
  realm.adversarial.expired(60, { user: 'alice', client: 'orders-web-mapped' }),
);

const ok = (user: string | null): Outcome => ({
  status: 200,
  wwwAuthenticate: null,
  retryAfter: null,
  xAuthError: null,
  body: { user },
});

/** RFC 7230 quoted-string, as the header carries it. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

const challenge = (status: number, error: string, description: string, scope?: string) => ({
  status,
  wwwAuthenticate:
    `Bearer ${REALM}, error="${error}", error_description=${quoted(description)}` +
    (scope ? `, scope="${scope}"` : ''),
  retryAfter: null,
  xAuthError: null,
  body: { error, error_description: description },
});

const MISSING: Outcome = {
  status: 401,
  wwwAuthenticate: `Bearer ${REALM}`,
  retryAfter: null,
  xAuthError: null,
  body: { error_description: 'Authentication is required' },
};
const EXPIRED = challenge(401, 'invalid_token', 'The access token expired');
const MALFORMED = challenge(401, 'invalid_token', 'The access token is malformed');
const TWO_HEADERS = challenge(
  400,
  'invalid_request',
  'The request carries more than one access token',
);
const NOT_ADMIN = challenge(403, 'insufficient_scope', 'Requires realm role "admin"');

/** The cases, in the order they run. */
export const CASES: readonly ContractCase[] = [
  {
    name: 'no token → 401 with a bare Bearer challenge',
    server: 'default',
    path: '/me',
    expected: MISSING,
  },
  {
    name: 'another scheme (Basic) counts as no token → 401 bare challenge',
    server: 'default',
    path: '/me',
    authorization: () => Promise.resolve('Basic dXNlcjpwYXNz'),
    expected: MISSING,
  },
  {
    name: 'an Authorization header that is not "scheme credentials" → 400 invalid_request',
    server: 'default',
    path: '/me',
    authorization: () => Promise.resolve('"Bearer" token'),
    expected: challenge(400, 'invalid_request', 'The Authorization header is malformed'),
  },
  {
    name: 'a bearer credential with an inner space → 401 invalid_token (malformed token)',
    server: 'default',
    path: '/me',
    authorization: () => Promise.resolve('Bearer two tokens'),
    expected: MALFORMED,
  },
  {
    name: 'a bearer credential that is not an RFC 6750 b64token → 401 invalid_token',
    server: 'default',
    path: '/me',
    authorization: () => Promise.resolve('Bearer a"b'),
    expected: MALFORMED,
  },
  {
    name: 'two Authorization headers, the first a cached valid token → 400 invalid_request',
    server: 'default',
    path: '/me',
    authorization: async (realm) => [await alice(realm), 'Bearer garbage'],
    cacheFirst: true,
    expected: TWO_HEADERS,
  },
  {
    name: 'two Authorization headers, the valid token second → 400 invalid_request',
    server: 'default',
    path: '/me',
    authorization: async (realm) => ['Bearer garbage', await alice(realm)],
    expected: TWO_HEADERS,
  },
  {
    name: 'two Authorization headers, Basic then Bearer → 400 invalid_request',
    server: 'default',
    path: '/me',
    authorization: async (realm) => ['Basic dXNlcjpwYXNz', await alice(realm)],
    expected: TWO_HEADERS,
  },
  {
    name: 'empty bearer token → 401 invalid_token',
    server: 'default',
    path: '/me',
    authorization: () => Promise.resolve('Bearer '),
    expected: challenge(401, 'invalid_token', 'The bearer token is empty'),
  },
  {
    name: 'expired token → 401 invalid_token',
    server: 'default',
    path: '/me',
    authorization: expired,
    expected: EXPIRED,
  },
  {
    name: 'wrong audience (azp is the API, aud lacks it) → 401 with the Audience mapper hint',
    server: 'default',
    path: '/me',
    authorization: bearer((realm) =>
      realm.accessToken({ user: 'alice', client: 'orders-api', claims: { aud: 'account' } }),
    ),
    expected: {
      ...challenge(401, 'invalid_token', 'The access token is not intended for this audience'),
      body: {
        error: 'invalid_token',
        error_description: 'The access token is not intended for this audience',
        hint: audienceMapperHint('orders-api'),
      },
    },
  },
  {
    name: 'a Keycloak ID token presented as a bearer token → 401 invalid_token',
    server: 'default',
    path: '/me',
    authorization: bearer((realm) => realm.idToken({ user: 'alice', client: 'orders-api' })),
    expected: challenge(
      401,
      'invalid_token',
      'An ID token cannot be used as a bearer access token',
    ),
  },
  {
    name: 'valid token → 200 with the principal',
    server: 'default',
    path: '/me',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'realm role present → 200',
    server: 'default',
    path: '/admin',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'realm role absent → 403 insufficient_scope',
    server: 'default',
    path: '/admin',
    authorization: bob,
    expected: NOT_ADMIN,
  },
  { name: 'role required, no token → 401', server: 'default', path: '/admin', expected: MISSING },
  {
    name: 'client role present → 200',
    server: 'default',
    path: '/editor',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'client role absent → 403 naming the client role',
    server: 'default',
    path: '/editor',
    authorization: bob,
    expected: challenge(403, 'insufficient_scope', 'Requires client role "orders-api:editor"'),
  },
  {
    name: 'scope granted → 200',
    server: 'default',
    path: '/scope',
    authorization: withScope('bob'),
    expected: ok('bob'),
  },
  {
    name: 'scope missing → 403 with the scope attribute',
    server: 'default',
    path: '/scope',
    authorization: alice,
    expected: challenge(403, 'insufficient_scope', 'Requires scope "orders:read"', 'orders:read'),
  },
  {
    name: 'UMA permission granted by Keycloak Authorization Services → 200',
    server: 'default',
    path: '/permission',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'UMA permission denied by Keycloak Authorization Services → 403 insufficient_scope',
    server: 'default',
    path: '/permission',
    authorization: bob,
    expected: challenge(403, 'insufficient_scope', 'Requires permission "orders#cancel"'),
  },
  {
    name: 'policy anyOf: first alternative (admin) → 200',
    server: 'default',
    path: '/policy',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'policy anyOf: second alternative (allOf viewer + scope) → 200',
    server: 'default',
    path: '/policy',
    authorization: withScope('bob'),
    expected: ok('bob'),
  },
  {
    name: 'policy denied → 403 naming every alternative and the scopes that would help',
    server: 'default',
    path: '/policy',
    authorization: bob,
    expected: challenge(
      403,
      'insufficient_scope',
      'Requires one of: Requires realm role "admin" | Requires client role "orders-api:viewer"; Requires scope "orders:read"',
      'orders:read',
    ),
  },
  {
    name: 'requireRole alone as the first middleware: no token → 401',
    server: 'default',
    path: '/solo',
    expected: MISSING,
  },
  {
    name: 'requireRole alone as the first middleware: role present → 200',
    server: 'default',
    path: '/solo',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'requireRole alone as the first middleware: role absent → 403',
    server: 'default',
    path: '/solo',
    authorization: bob,
    expected: NOT_ADMIN,
  },
  {
    name: 'optional auth: no token → continues without a principal',
    server: 'default',
    path: '/optional',
    expected: ok(null),
  },
  {
    name: 'optional auth: another scheme → continues without a principal',
    server: 'default',
    path: '/optional',
    authorization: () => Promise.resolve('Basic dXNlcjpwYXNz'),
    expected: ok(null),
  },
  {
    name: 'optional auth: valid token → the principal',
    server: 'default',
    path: '/optional',
    authorization: alice,
    expected: ok('alice'),
  },
  {
    name: 'optional auth: an invalid token is still rejected',
    server: 'default',
    path: '/optional',
    authorization: expired,
    expected: EXPIRED,
  },
  {
    name: 'optional auth: two Authorization headers → 400 invalid_request',
    server: 'default',
    path: '/optional',
    authorization: async (realm) => [await alice(realm), await alice(realm)],
    expected: TWO_HEADERS,
  },
  {
    name: 'optional auth then requireRole: no token → 401',
    server: 'default',
    path: '/optional/admin',
    expected: MISSING,
  },
  {
    name: 'identity provider unreachable, nothing cached → 503 with Retry-After',
    server: 'idp-down',
    path: '/me',
    authorization: alice,
    expected: {
      status: 503,
      wwwAuthenticate: null,
      retryAfter: '1',
      xAuthError: null,
      body: {
        error: 'temporarily_unavailable',
        error_description: 'The identity provider is temporarily unavailable; try again later',
      },
    },
  },
  {
    name: 'custom onError renders 401s its own way',
    server: 'custom-error',
    path: '/me',
    expected: {
      status: 401,
      wwwAuthenticate: `Bearer ${REALM}`,
      retryAfter: null,
      xAuthError: 'missing_token',
      body: { message: 'Authentication is required', code: 'missing_token' },
    },
  },
  {
    name: 'custom onError renders 403s its own way',
    server: 'custom-error',
    path: '/admin',
    authorization: bob,
    expected: {
      status: 403,
      wwwAuthenticate: NOT_ADMIN.wwwAuthenticate,
      retryAfter: null,
      xAuthError: 'missing_role',
      body: { message: 'Requires realm role "admin"', code: 'missing_role' },
    },
  },
  {
    name: 'custom onError also serves optional auth and standalone requireRole',
    server: 'custom-error',
    path: '/solo',
    authorization: expired,
    expected: {
      status: 401,
      wwwAuthenticate: EXPIRED.wwwAuthenticate,
      retryAfter: null,
      xAuthError: 'token_expired',
      body: { message: 'The access token expired', code: 'token_expired' },
    },
  },
];
