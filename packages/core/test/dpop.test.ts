import { generateDpopKey, type DpopKey, type DpopProofOptions } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  type Principal,
  type RequestCredentials,
  type Verifier,
} from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
let key: DpopKey;
beforeAll(async () => {
  fx = await startRealm();
  key = await generateDpopKey('ES256');
});
afterAll(() => fx.close());

const URL = 'https://api.test/orders';
const ALGS = 'algs="ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512 EdDSA"';
const client = { user: 'alice', client: 'orders-web-mapped' };
const boundToken = (k: DpopKey = key) => fx.realm.accessToken({ ...client, dpopJkt: k.jkt });

type ProofOverrides = Partial<DpopProofOptions>;

/** A DPoP request for `token`, its proof made by `signer` for GET {URL}. */
async function dpopRequest(
  token: string,
  proof: ProofOverrides = {},
  signer: DpopKey = key,
  request: { method?: string; url?: string; headers?: Record<string, string> } = {},
) {
  const dpop = await fx.realm.dpopProof(signer, {
    method: 'GET',
    url: URL,
    accessToken: token,
    ...proof,
  });
  return {
    headers: { authorization: `DPoP ${token}`, dpop, ...request.headers },
    method: request.method ?? 'GET',
    url: request.url ?? URL,
  };
}

/** The challenge of a failed DPoP request in `allowed` mode. */
const dpopChallenge = (error: string, description: string) =>
  `DPoP realm="acme", error="${error}", error_description="${description.replace(/"/g, '\\"')}", ` +
  `${ALGS}, Bearer realm="acme"`;

describe('DPoP-bound tokens (RFC 9449)', () => {
  let verifier: Verifier;
  beforeAll(() => {
    verifier = fx.verifier();
  });

  it('accepts a Keycloak DPoP-bound token (typ DPoP, cnf.jkt) with a proof of its key', async () => {
    const principal = await verifier.authenticate(await dpopRequest(await boundToken()));
    expect(principal.username).toBe('alice');
    expect(principal.scheme).toBe('DPoP');
    expect(principal.confirmation).toEqual({ jkt: key.jkt });
  });

  it("accepts a token bound by the realm's token endpoint (proof sent over HTTP)", async () => {
    const proof = await fx.realm.dpopProof(key, { method: 'POST', url: fx.realm.tokenEndpoint });
    const response = await fetch(fx.realm.tokenEndpoint, {
      method: 'POST',
      headers: { dpop: proof },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'orders-web-mapped',
        username: 'bob',
        password: 'bob',
      }),
    });
    const body = (await response.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('DPoP');
    const principal = await verifier.authenticate(await dpopRequest(body.access_token));
    expect(principal.username).toBe('bob');
  });

  it('refuses a DPoP-bound token sent with Bearer: 401 invalid_token, DPoP challenge beside', async () => {
    const error = await rejection(
      verifier.authenticate({ headers: { authorization: `Bearer ${await boundToken()}` } }),
    );
    expect(error.status).toBe(401);
    expect(error.code).toBe('wrong_token_type');
    expect(error.headers['www-authenticate']).toBe(
      'Bearer realm="acme", error="invalid_token", error_description="A DPoP-bound token must ' +
        `be presented with the DPoP scheme, not Bearer", DPoP realm="acme", ${ALGS}`,
    );
  });

  it('refuses a DPoP-bound token given to verify(), which has no proof to check', async () => {
    const token = await boundToken();
    expect((await rejection(verifier.verify(token))).code).toBe('wrong_token_type');
    // Also once the token is in the cache (verified through authenticate with its proof).
    await verifier.authenticate(await dpopRequest(token));
    expect((await rejection(verifier.verify(token))).code).toBe('wrong_token_type');
    expect(verifier.cached({ headers: { authorization: `Bearer ${token}` } })).toBeUndefined();
  });

  it('refuses an unbound token sent with DPoP: 401 invalid_token', async () => {
    const token = await fx.realm.accessToken(client);
    const error = await rejection(verifier.authenticate(await dpopRequest(token)));
    expect(error.code).toBe('token_not_bound');
    expect(error.headers['www-authenticate']).toBe(
      dpopChallenge(
        'invalid_token',
        'The access token is not DPoP-bound: send it with the Bearer scheme',
      ),
    );
  });

  it('refuses a proof signed with another key than the token is bound to', async () => {
    const other = await generateDpopKey('ES256');
    const error = await rejection(
      verifier.authenticate(await dpopRequest(await boundToken(), {}, other)),
    );
    expect(error.code).toBe('dpop_key_mismatch');
    expect(error.headers['www-authenticate']).toBe(
      dpopChallenge(
        'invalid_token',
        'The DPoP proof is not signed with the key the access token is bound to',
      ),
    );
  });

  const proofCases: [string, (token: string) => Promise<RequestCredentials>, string][] = [
    [
      'a wrong htm',
      (token) => dpopRequest(token, { method: 'POST' }),
      'The DPoP proof "htm" does not match the request method',
    ],
    [
      'a wrong htu',
      (token) => dpopRequest(token, { url: 'https://api.test/invoices' }),
      'The DPoP proof "htu" does not match the request URL',
    ],
    [
      'a stale iat',
      (token) => dpopRequest(token, { iat: Math.floor(fx.clock.now() / 1000) - 61 }),
      'The DPoP proof "iat" is outside the accepted window',
    ],
    [
      'an iat in the future',
      (token) => dpopRequest(token, { iat: Math.floor(fx.clock.now() / 1000) + 5 }),
      'The DPoP proof "iat" is outside the accepted window',
    ],
    [
      'a wrong ath',
      (token) => dpopRequest(token, { accessToken: `${token}x` }),
      'The DPoP proof "ath" does not match the access token',
    ],
    [
      'no ath',
      (token) => dpopRequest(token, { accessToken: undefined }),
      'The DPoP proof "ath" does not match the access token',
    ],
    [
      'a private key in the header',
      (token) => dpopRequest(token, { header: { jwk: key.privateJwk } }),
      'The DPoP proof header "jwk" contains a private key',
    ],
    [
      'typ jwt',
      (token) => dpopRequest(token, { header: { typ: 'jwt' } }),
      'The DPoP proof header "typ" is not "dpop+jwt"',
    ],
    [
      'no jwk',
      (token) => dpopRequest(token, { header: { jwk: undefined } }),
      'The DPoP proof header has no usable public "jwk"',
    ],
    [
      'no jti',
      (token) => dpopRequest(token, { claims: { jti: undefined } }),
      'The DPoP proof lacks a valid "jti", "htm", "htu" or "iat" claim',
    ],
    [
      'a signature of another key',
      async (token) => {
        const request = await dpopRequest(token);
        const forged = await dpopRequest(token, {}, await generateDpopKey('ES256'));
        const [h] = request.headers.dpop.split('.');
        const [, p, s] = forged.headers.dpop.split('.');
        return { ...request, headers: { ...request.headers, dpop: `${h}.${p}.${s}` } };
      },
      'The DPoP proof signature is invalid',
    ],
    [
      'a missing proof',
      (token) =>
        Promise.resolve({ headers: { authorization: `DPoP ${token}` }, method: 'GET', url: URL }),
      'The request has no DPoP proof',
    ],
    [
      'a proof that is no JWT',
      (token) =>
        Promise.resolve({
          headers: { authorization: `DPoP ${token}`, dpop: 'not-a-jwt' },
          method: 'GET',
          url: URL,
        }),
      'The DPoP proof is not a well-formed JWT',
    ],
  ];
  for (const [name, request, description] of proofCases) {
    it(`refuses ${name}: 401 invalid_dpop_proof with the DPoP challenge`, async () => {
      const error = await rejection(verifier.authenticate(await request(await boundToken())));
      expect(error.status).toBe(401);
      expect(error.code).toBe('invalid_dpop_proof');
      expect(error.body).toEqual({ error: 'invalid_dpop_proof', error_description: description });
      expect(error.headers['www-authenticate']).toBe(
        dpopChallenge('invalid_dpop_proof', description),
      );
    });
  }

  it('answers a malformed DPoP credential with invalid_token on the DPoP challenge', async () => {
    const request = await dpopRequest(await boundToken());
    for (const authorization of ['DPoP a"b', 'DPoP ', 'dpop two tokens']) {
      const error = await rejection(
        verifier.authenticate({ ...request, headers: { ...request.headers, authorization } }),
      );
      expect(error.error).toBe('invalid_token');
      expect(error.headers['www-authenticate']).toMatch(
        /^DPoP realm="acme", error="invalid_token", /,
      );
    }
  });

  it('refuses a proof signed with an algorithm that is not on the list', async () => {
    const strict = fx.verifier({ dpop: { algorithms: ['PS256'] } });
    const error = await rejection(strict.authenticate(await dpopRequest(await boundToken())));
    expect(error.description).toBe(
      'The DPoP proof is signed with an algorithm that is not allowed',
    );
    expect(error.headers['www-authenticate']).toContain('algs="PS256"');
  });

  it('answers two DPoP headers with 400 invalid_request (Node list and joined value)', async () => {
    const request = await dpopRequest(await boundToken());
    for (const dpop of [
      [request.headers.dpop, request.headers.dpop],
      `${request.headers.dpop}, x`,
    ]) {
      const error = await rejection(
        verifier.authenticate({ ...request, headers: { ...request.headers, dpop } }),
      );
      expect(error.status).toBe(400);
      expect(error.code).toBe('multiple_dpop_proofs');
    }
    const headers = new Headers(request.headers);
    headers.append('dpop', request.headers.dpop);
    expect((await rejection(verifier.authenticate({ ...request, headers }))).status).toBe(400);
  });

  it('accepts each proof once: a replayed proof is refused', async () => {
    const request = await dpopRequest(await boundToken());
    await verifier.authenticate(request);
    const error = await rejection(verifier.authenticate(request));
    expect(error.code).toBe('invalid_dpop_proof');
    expect(error.description).toBe('The DPoP proof has already been used');
  });

  it('catches a proof replayed to a second verifier that shares the store', async () => {
    const store = createMemoryStore({ now: fx.clock.now });
    const first = fx.verifier({ store });
    const second = fx.verifier({ store });
    const request = await dpopRequest(await boundToken());
    await first.authenticate(request);
    const error = await rejection(second.authenticate(request));
    expect(error.description).toBe('The DPoP proof has already been used');
    // Without a shared store each instance only knows its own proofs.
    const request2 = await dpopRequest(await boundToken());
    await fx.verifier().authenticate(request2);
    await expect(fx.verifier().authenticate(request2)).resolves.toBeDefined();
  });

  it('forgets a proof id once the proof could no longer pass the iat check', async () => {
    const v = fx.verifier({ clockTolerance: 5, dpop: { proofMaxAge: 10 } });
    const token = await boundToken();
    const request = await dpopRequest(token);
    await v.authenticate(request);
    fx.clock.advance(16_000);
    const error = await rejection(v.authenticate(request));
    expect(error.description).toBe('The DPoP proof "iat" is outside the accepted window');
    fx.clock.advance(-16_000);
  });

  it('refuses a replay when the shared store cannot answer and onStoreUnavailable is fail-closed', async () => {
    const down = {
      ...createMemoryStore(),
      setIfAbsent: () => Promise.reject(new Error('down')),
    };
    const closed = fx.verifier({ store: down, onStoreUnavailable: 'fail-closed' });
    const error = await rejection(closed.authenticate(await dpopRequest(await boundToken())));
    expect(error.status).toBe(503);
    expect(error.code).toBe('replay_check_unavailable');
    const open = fx.verifier({ store: down });
    await expect(open.authenticate(await dpopRequest(await boundToken()))).resolves.toBeDefined();
  });

  it('compares htu after RFC 3986 normalisation, without query and fragment', async () => {
    const token = await boundToken();
    const principal = await verifier.authenticate(
      await dpopRequest(token, { url: 'HTTPS://API.test:443/a/./b/%7euser' }, key, {
        url: 'https://api.test/a/b/~user?page=2',
      }),
    );
    expect(principal.username).toBe('alice');
    const error = await rejection(
      verifier.authenticate(
        await dpopRequest(token, { url: 'https://api.test:8443/a' }, key, {
          url: 'https://api.test/a',
        }),
      ),
    );
    expect(error.description).toBe('The DPoP proof "htu" does not match the request URL');
  });

  it('rebuilds htu behind a proxy from publicUrl, or from the forwarded headers with trustProxy', async () => {
    const token = await boundToken();
    const local = { url: 'http://10.0.0.5:8080/orders' };
    const byPublicUrl = fx.verifier({ dpop: { publicUrl: 'https://api.test/' } });
    await expect(
      byPublicUrl.authenticate(await dpopRequest(token, {}, key, local)),
    ).resolves.toBeDefined();
    const prefixed = fx.verifier({ dpop: { publicUrl: 'https://edge.test/orders-api' } });
    await expect(
      prefixed.authenticate(
        await dpopRequest(token, { url: 'https://edge.test/orders-api/orders' }, key, local),
      ),
    ).resolves.toBeDefined();
    const trusting = fx.verifier({ dpop: { trustProxy: true } });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.test, inner' };
    await expect(
      trusting.authenticate(await dpopRequest(token, {}, key, { ...local, headers: forwarded })),
    ).resolves.toBeDefined();
    const rfc7239 = { forwarded: 'proto=https;host="api.test", proto=http;host=inner' };
    await expect(
      trusting.authenticate(await dpopRequest(token, {}, key, { ...local, headers: rfc7239 })),
    ).resolves.toBeDefined();
    // Without either, the local URL is what the proof must name.
    const error = await rejection(verifier.authenticate(await dpopRequest(token, {}, key, local)));
    expect(error.description).toBe('The DPoP proof "htu" does not match the request URL');
  });

  it('answers 500 (and reports how to fix it) when the request method and URL are unknown', async () => {
    const request = await dpopRequest(await boundToken());
    const error = await rejection(verifier.authenticate({ headers: request.headers }));
    expect(error.status).toBe(500);
    expect(
      fx.events.some((e) => e.type === 'configuration_problem' && e.hint.includes('target')),
    ).toBe(true);
  });

  it('checks cnf from the introspection answer of an opaque DPoP-bound token', async () => {
    const introspecting = fx.verifier({
      introspection: {
        clientId: 'orders-api',
        clientSecret: fx.realm.client('orders-api').secret!,
        use: ['opaque'],
      },
    });
    const opaque = await fx.realm.opaqueToken({ ...client, dpopJkt: key.jkt });
    const principal = await introspecting.authenticate(await dpopRequest(opaque));
    expect(principal.source).toBe('introspection');
    expect(principal.confirmation).toEqual({ jkt: key.jkt });
    const other = await generateDpopKey('ES256');
    const error = await rejection(introspecting.authenticate(await dpopRequest(opaque, {}, other)));
    expect(error.code).toBe('dpop_key_mismatch');
    const asBearer = await rejection(
      introspecting.authenticate({ headers: { authorization: `Bearer ${opaque}` } }),
    );
    expect(asBearer.code).toBe('wrong_token_type');
  });

  it('verifies RS256, PS256 and EdDSA proof keys', async () => {
    for (const alg of ['RS256', 'PS256', 'EdDSA'] as const) {
      const k = await generateDpopKey(alg);
      const principal: Principal = await verifier.authenticate(
        await dpopRequest(await boundToken(k), {}, k),
      );
      expect(principal.confirmation?.jkt).toBe(k.jkt);
    }
  });
});

describe('DPoP nonces (RFC 9449 §9)', () => {
  it('asks for a nonce with 401 use_dpop_nonce and DPoP-Nonce, then accepts proofs that carry it', async () => {
    const verifier = fx.verifier({ dpop: { nonce: { lifetime: 60 } } });
    const token = await boundToken();
    const error = await rejection(verifier.authenticate(await dpopRequest(token)));
    expect(error.status).toBe(401);
    expect(error.code).toBe('use_dpop_nonce');
    const nonce = error.headers['dpop-nonce']!;
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{54}$/);
    expect(error.headers['www-authenticate']).toBe(
      dpopChallenge(
        'use_dpop_nonce',
        'The DPoP proof must carry the nonce the resource server provided',
      ),
    );
    await expect(verifier.authenticate(await dpopRequest(token, { nonce }))).resolves.toBeDefined();
    // Still good in the next period, no longer in the one after.
    fx.clock.advance(60_000);
    await expect(verifier.authenticate(await dpopRequest(token, { nonce }))).resolves.toBeDefined();
    fx.clock.advance(60_000);
    const stale = await rejection(verifier.authenticate(await dpopRequest(token, { nonce })));
    expect(stale.code).toBe('use_dpop_nonce');
    expect(stale.headers['dpop-nonce']).not.toBe(nonce);
    fx.clock.advance(-120_000);
  });

  it('accepts the nonce of another instance that shares the secret, not of one that does not', async () => {
    const secret = 'a shared nonce secret of 32 chars';
    const a = fx.verifier({ dpop: { nonce: { secret } } });
    const b = fx.verifier({ dpop: { nonce: { secret } } });
    const token = await boundToken();
    const nonce = (await rejection(a.authenticate(await dpopRequest(token)))).headers['dpop-nonce'];
    await expect(b.authenticate(await dpopRequest(token, { nonce }))).resolves.toBeDefined();
    const c = fx.verifier({ dpop: { nonce: true } });
    expect((await rejection(c.authenticate(await dpopRequest(token, { nonce })))).code).toBe(
      'use_dpop_nonce',
    );
  });
});

describe('DPoP modes', () => {
  it("'allowed' (default) keeps every Bearer answer as it was", async () => {
    const verifier = fx.verifier();
    const missing = await rejection(verifier.authenticate({ headers: {} }));
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="acme"');
    const expired = await rejection(
      verifier.authenticate({
        headers: { authorization: `Bearer ${await fx.realm.adversarial.expired(60, client)}` },
      }),
    );
    expect(expired.headers['www-authenticate']).toBe(
      'Bearer realm="acme", error="invalid_token", error_description="The access token expired"',
    );
    const token = await fx.realm.accessToken(client);
    expect(
      (await verifier.authenticate({ headers: { authorization: `Bearer ${token}` } })).scheme,
    ).toBe('Bearer');
  });

  it("'required' refuses every Bearer request with a DPoP challenge only", async () => {
    const verifier = fx.verifier({ dpop: { mode: 'required' } });
    const token = await fx.realm.accessToken(client);
    const error = await rejection(
      verifier.authenticate({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(error.status).toBe(401);
    expect(error.code).toBe('dpop_required');
    expect(error.headers['www-authenticate']).toBe(
      'DPoP realm="acme", error="invalid_token", error_description="This resource requires a ' +
        `DPoP-bound access token", ${ALGS}`,
    );
    expect(verifier.cached({ headers: { authorization: `Bearer ${token}` } })).toBeUndefined();
    const missing = await rejection(verifier.authenticate({ headers: {} }));
    expect(missing.headers['www-authenticate']).toBe(`DPoP realm="acme", ${ALGS}`);
    await expect(
      verifier.authenticate(await dpopRequest(await boundToken())),
    ).resolves.toBeDefined();
  });

  it("'disabled' reads no DPoP scheme and refuses DPoP-bound tokens", async () => {
    const verifier = fx.verifier({ dpop: { mode: 'disabled' } });
    const token = await boundToken();
    const dpop = await rejection(verifier.authenticate(await dpopRequest(token)));
    expect(dpop.code).toBe('missing_token');
    expect(dpop.headers['www-authenticate']).toBe('Bearer realm="acme"');
    const bearer = await rejection(
      verifier.authenticate({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(bearer.code).toBe('wrong_token_type');
    expect(bearer.headers['www-authenticate']).not.toMatch(/DPoP realm|algs=/);
  });

  it('validates the dpop options with messages that say how to fix them', () => {
    const base = { issuer: fx.realm.issuer, audience: 'orders-api' };
    const cases: [object, RegExp][] = [
      [{ mode: 'sometimes' }, /dpop.mode must be/],
      [{ algorithms: ['HS256'] }, /not an asymmetric JWS algorithm/],
      [{ algorithms: [] }, /non-empty array/],
      [{ proofMaxAge: 0 }, /proofMaxAge must be a finite number >= 1/],
      [{ publicUrl: 'https://api.test/?x=1' }, /must not have a query/],
      [{ publicUrl: 'api.test' }, /not an absolute URL/],
      [{ publicUrl: 'https://api.test', trustProxy: true }, /exclude each other/],
      [{ nonce: { secret: 'short' } }, /at least 16 bytes/],
    ];
    for (const [dpop, message] of cases) {
      expect(() => fx.verifier({ ...base, dpop })).toThrow(message);
    }
    expect(() => fx.verifier({ mtls: { certificateHeader: 'apache' as never } })).toThrow(
      /mtls.certificateHeader must be/,
    );
  });
});
