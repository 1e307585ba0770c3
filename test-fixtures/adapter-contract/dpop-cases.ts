/**
 * The contract of sender-constrained tokens: DPoP (RFC 9449) requests and certificate-bound
 * tokens (RFC 8705) whose certificate a trusted proxy forwards. Every adapter passes the method,
 * URL and headers through to core (`Framework.target`) and sends the DPoP challenges and the
 * `DPoP-Nonce` header as core renders them, so every adapter gives the same answers.
 * `describeAdapterContract` runs these cases too (`dpop-contract.ts`).
 */
import {
  generateDpopKey,
  type DpopKey,
  type DpopProofOptions,
  type TestRealm,
} from '@realmguard/testing';
import type { Outcome } from './cases.js';
import { CONTRACT_TIME } from './fixture.js';

/** The DPoP key every case's bound tokens are bound to. */
export interface SenderKeys {
  key: DpopKey;
  other: DpopKey;
}

/** Which server answers: the default, a second instance sharing its store, nonces, a proxy. */
export type SenderServer = 'default' | 'second' | 'nonce' | 'nginx' | 'envoy';

/** What a case sends: headers (a list is sent as that many header lines). */
export type SenderHeaders = Record<string, string | readonly string[]>;

/** One case: headers computed from the realm, the URL of the request and the keys. */
export interface SenderCase {
  name: string;
  server: SenderServer;
  path: string;
  headers: (ctx: SenderContext) => Promise<SenderHeaders>;
  /** Sent once first, to the default server (the replay cases). */
  first?: boolean;
  expected: Outcome;
}

/** What a case builds its request from. */
export interface SenderContext {
  realm: TestRealm;
  keys: SenderKeys;
  /** The absolute URL the request goes to. */
  url: string;
  /** A client certificate as nginx forwards it (`$ssl_client_escaped_cert`), and as Envoy does. */
  certificate: { thumbprint: string; nginx: string; envoy: string; otherNginx: string };
}

const ALGS = 'algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA"';
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

const answer = (status: number, wwwAuthenticate: string | null, body: unknown): Outcome => ({
  status,
  wwwAuthenticate,
  retryAfter: null,
  xAuthError: null,
  body,
});
const ok = (user: string) => answer(200, null, { user });
/** The error on the DPoP challenge, the Bearer challenge beside it (both schemes accepted). */
const dpop = (status: number, error: string, description: string, scope?: string) =>
  answer(
    status,
    `DPoP realm="acme", error="${error}", error_description=${quoted(description)}` +
      `${scope ? `, scope="${scope}"` : ''}, ${ALGS}, Bearer realm="acme"`,
    { error, error_description: description },
  );
const proofError = (description: string) => dpop(401, 'invalid_dpop_proof', description);
const bearer = (status: number, error: string, description: string) =>
  answer(
    status,
    `Bearer realm="acme", error="${error}", error_description=${quoted(description)}`,
    {
      error,
      error_description: description,
    },
  );

const alice = (realm: TestRealm, key: DpopKey) =>
  realm.accessToken({ user: 'alice', client: 'orders-web-mapped', dpopJkt: key.jkt });

/** `Authorization: DPoP <alice's bound token>` and a proof for GET {url}, edited by `proof`. */
const dpopHeaders =
  (proof: Partial<DpopProofOptions> = {}, signer?: (keys: SenderKeys) => DpopKey) =>
  async ({ realm, keys, url }: SenderContext): Promise<SenderHeaders> => {
    const token = await alice(realm, keys.key);
    const made = await realm.dpopProof(signer?.(keys) ?? keys.key, {
      method: 'GET',
      url,
      accessToken: token,
      ...proof,
    });
    return { authorization: `DPoP ${token}`, dpop: made };
  };

const certBound = async ({ realm, certificate }: SenderContext) =>
  `Bearer ${await realm.accessToken({
    user: 'alice',
    client: 'orders-web-mapped',
    certificateThumbprint: certificate.thumbprint,
  })}`;

/** The cases, in the order they run. */
export const SENDER_CASES: readonly SenderCase[] = [
  {
    name: 'DPoP: a bound token with a valid proof → 200 with the principal',
    server: 'default',
    path: '/me',
    headers: dpopHeaders(),
    expected: ok('alice'),
  },
  {
    name: 'DPoP: a replayed proof → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    first: true,
    headers: dpopHeaders(),
    expected: proofError('The DPoP proof has already been used'),
  },
  {
    name: 'DPoP: a proof replayed to a second instance that shares the store → 401',
    server: 'second',
    path: '/me',
    first: true,
    headers: dpopHeaders(),
    expected: proofError('The DPoP proof has already been used'),
  },
  {
    name: 'DPoP: a wrong htm → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    headers: dpopHeaders({ method: 'POST' }),
    expected: proofError('The DPoP proof "htm" does not match the request method'),
  },
  {
    name: 'DPoP: a wrong htu → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    headers: dpopHeaders({ url: 'https://elsewhere.test/me' }),
    expected: proofError('The DPoP proof "htu" does not match the request URL'),
  },
  {
    name: 'DPoP: a stale iat → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    headers: dpopHeaders({ iat: Math.floor((CONTRACT_TIME - 120_000) / 1000) }),
    expected: proofError('The DPoP proof "iat" is outside the accepted window'),
  },
  {
    name: 'DPoP: a wrong ath → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    headers: dpopHeaders({ accessToken: 'another-token' }),
    expected: proofError('The DPoP proof "ath" does not match the access token'),
  },
  {
    name: 'DPoP: a proof of another key → 401 invalid_token',
    server: 'default',
    path: '/me',
    headers: dpopHeaders({}, (keys) => keys.other),
    expected: dpop(
      401,
      'invalid_token',
      'The DPoP proof is not signed with the key the access token is bound to',
    ),
  },
  {
    name: 'DPoP: a proof carrying the private key → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    headers: (ctx) => dpopHeaders({ header: { jwk: ctx.keys.key.privateJwk } })(ctx),
    expected: proofError('The DPoP proof header "jwk" contains a private key'),
  },
  {
    name: 'DPoP: no proof → 401 invalid_dpop_proof',
    server: 'default',
    path: '/me',
    headers: async (ctx) => ({ authorization: `DPoP ${await alice(ctx.realm, ctx.keys.key)}` }),
    expected: proofError('The request has no DPoP proof'),
  },
  {
    name: 'DPoP: two DPoP headers → 400 invalid_request',
    server: 'default',
    path: '/me',
    headers: async (ctx) => {
      const { authorization, dpop: proof } = await dpopHeaders()(ctx);
      return { authorization: authorization!, dpop: [proof as string, proof as string] };
    },
    expected: dpop(400, 'invalid_request', 'The request carries more than one DPoP proof'),
  },
  {
    name: 'DPoP: a bound token sent as Bearer → 401 invalid_token with the DPoP challenge beside',
    server: 'default',
    path: '/me',
    headers: async (ctx) => ({ authorization: `Bearer ${await alice(ctx.realm, ctx.keys.key)}` }),
    expected: answer(
      401,
      'Bearer realm="acme", error="invalid_token", error_description="A DPoP-bound token must be ' +
        `presented with the DPoP scheme, not Bearer", DPoP realm="acme", ${ALGS}`,
      {
        error: 'invalid_token',
        error_description: 'A DPoP-bound token must be presented with the DPoP scheme, not Bearer',
      },
    ),
  },
  {
    name: 'DPoP: an unbound token sent with DPoP → 401 invalid_token',
    server: 'default',
    path: '/me',
    headers: async ({ realm, keys, url }) => {
      const token = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
      const proof = await realm.dpopProof(keys.key, { method: 'GET', url, accessToken: token });
      return { authorization: `DPoP ${token}`, dpop: proof };
    },
    expected: dpop(
      401,
      'invalid_token',
      'The access token is not DPoP-bound: send it with the Bearer scheme',
    ),
  },
  {
    name: 'DPoP: a role the token lacks → 403 insufficient_scope on the DPoP challenge',
    server: 'default',
    path: '/admin',
    headers: async ({ realm, keys, url }) => {
      const token = await realm.accessToken({
        user: 'bob',
        client: 'orders-web-mapped',
        dpopJkt: keys.key.jkt,
      });
      const proof = await realm.dpopProof(keys.key, { method: 'GET', url, accessToken: token });
      return { authorization: `DPoP ${token}`, dpop: proof };
    },
    expected: dpop(403, 'insufficient_scope', 'Requires realm role "admin"'),
  },
  {
    name: 'mTLS (nginx header): the certificate the token is bound to → 200',
    server: 'nginx',
    path: '/me',
    headers: async (ctx) => ({
      authorization: await certBound(ctx),
      'ssl-client-cert': ctx.certificate.nginx,
    }),
    expected: ok('alice'),
  },
  {
    name: 'mTLS (nginx header): another certificate → 401 invalid_token',
    server: 'nginx',
    path: '/me',
    headers: async (ctx) => ({
      authorization: await certBound(ctx),
      'ssl-client-cert': ctx.certificate.otherNginx,
    }),
    expected: bearer(
      401,
      'invalid_token',
      'The access token is bound to a client certificate that the request does not present',
    ),
  },
  {
    name: 'mTLS: no certificate → 401 invalid_token',
    server: 'nginx',
    path: '/me',
    headers: async (ctx) => ({ authorization: await certBound(ctx) }),
    expected: bearer(
      401,
      'invalid_token',
      'The access token is bound to a client certificate that the request does not present',
    ),
  },
  {
    name: 'mTLS (Envoy x-forwarded-client-cert): the bound certificate → 200',
    server: 'envoy',
    path: '/me',
    headers: async (ctx) => ({
      authorization: await certBound(ctx),
      'x-forwarded-client-cert': ctx.certificate.envoy,
    }),
    expected: ok('alice'),
  },
];

/**
 * The keys of a contract run.
 *
 * @example
 * ```ts
 * const keys = await senderKeys();
 * ```
 */
export async function senderKeys(): Promise<SenderKeys> {
  return { key: await generateDpopKey('ES256'), other: await generateDpopKey('ES256') };
}
