import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const mapped = { user: 'alice', client: 'orders-web-mapped' };

describe('JWT verification', () => {
  it('accepts a Keycloak access token with the Audience mapper', async () => {
    const principal = await fx.verifier().verify(await fx.realm.accessToken(mapped));
    expect(principal.source).toBe('jwt');
    expect(principal.hasRole('admin')).toBe(true);
    expect(principal.hasRole('orders-api:editor')).toBe(true);
  });

  it('refuses alg none', async () => {
    const error = await rejection(fx.verifier().verify(await fx.realm.adversarial.algNone()));
    expect(error.code).toBe('unsupported_algorithm');
  });

  it('refuses HS256 signed with the RSA public key (algorithm confusion)', async () => {
    const error = await rejection(
      fx.verifier().verify(await fx.realm.adversarial.hs256WithPublicKey()),
    );
    expect(error.code).toBe('unsupported_algorithm');
  });

  it('refuses an algorithm left out of the allow-list', async () => {
    const token = await fx.realm.accessToken(mapped);
    const error = await rejection(fx.verifier({ algorithms: ['ES256'] }).verify(token));
    expect(error.code).toBe('unsupported_algorithm');
  });

  it('requires exp', async () => {
    const token = await fx.realm.accessToken({ ...mapped, claims: { exp: undefined } });
    const error = await rejection(fx.verifier().verify(token));
    expect(error.code).toBe('missing_claim');
    expect(error.description).toBe('The access token has no "exp" claim');
  });

  it('rejects an expired token, allowing the configured clock tolerance', async () => {
    const token = await fx.realm.adversarial.expired(1);
    expect((await rejection(fx.verifier().verify(token))).code).toBe('token_expired');
    await expect(fx.verifier({ clockTolerance: 5 }).verify(token)).resolves.toBeDefined();
    const longExpired = await fx.realm.adversarial.expired(61);
    expect((await rejection(fx.verifier({ clockTolerance: 60 }).verify(longExpired))).code).toBe(
      'token_expired',
    );
  });

  it.each([
    ['exp', 1e300],
    ['exp', 8.64e12 + 1],
    ['nbf', -1e300],
    ['iat', -1e300],
    ['auth_time', 1e300],
  ] as const)(
    'rejects %s = %d, outside the range of a Date, as invalid_claim (issue 9 item 10)',
    async (name, value) => {
      const token = await fx.realm.accessToken({ ...mapped, claims: { [name]: value } });
      const error = await rejection(fx.verifier().verify(token));
      expect(error.code).toBe('invalid_claim');
      expect(error.status).toBe(401);
      expect(error.description).toBe(`The access token has an invalid "${name}" claim`);
    },
  );

  it('rejects exp written as 1e400 (Infinity once parsed) and accepts the last representable date', async () => {
    const kid = fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid;
    const claims = `{"exp":1e400,"iss":${JSON.stringify(fx.realm.issuer)},"aud":"orders-api","typ":"Bearer"}`;
    const token = await fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid }, claims, { kid });
    expect((await rejection(fx.verifier().verify(token))).code).toBe('invalid_claim');
    const last = await fx.realm.accessToken({ ...mapped, claims: { exp: 8.64e12 } });
    const principal = await fx.verifier().verify(last);
    expect(principal.expiresAt.getTime()).toBe(8.64e15);
    expect(() => JSON.stringify(principal)).not.toThrow();
  });

  it('rejects nbf in the future beyond the tolerance', async () => {
    const token = await fx.realm.adversarial.notYetValid(30);
    expect((await rejection(fx.verifier().verify(token))).code).toBe('token_not_yet_valid');
    await expect(fx.verifier({ clockTolerance: 60 }).verify(token)).resolves.toBeDefined();
  });

  it('rejects iat in the future beyond the tolerance', async () => {
    const token = await fx.realm.adversarial.issuedInFuture(30);
    expect((await rejection(fx.verifier().verify(token))).code).toBe('token_issued_in_future');
    await expect(fx.verifier({ clockTolerance: 60 }).verify(token)).resolves.toBeDefined();
  });

  it.each(['http-vs-https', 'trailing-slash', 'auth-prefix', 'other-host'] as const)(
    'rejects an issuer that differs from the allow-list (%s) without any fetch',
    async (variant) => {
      const token = await fx.realm.adversarial.wrongIssuer(variant);
      fx.realm.counters.reset();
      const error = await rejection(fx.verifier().verify(token));
      expect(error.code).toBe('untrusted_issuer');
      expect(fx.realm.counters.get('discovery') + fx.realm.counters.get('certs')).toBe(0);
    },
  );

  it('accepts header typ JWT, at+jwt and absent', async () => {
    await expect(fx.verifier().verify(await fx.realm.adversarial.atJwt())).resolves.toBeDefined();
    const noTyp = await fx.realm.sign(
      {
        alg: 'RS256',
        kid: fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid,
      },
      JSON.parse(
        atob(
          (await fx.realm.accessToken(mapped)).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'),
        ),
      ) as Record<string, unknown>,
    );
    await expect(fx.verifier().verify(noTyp)).resolves.toBeDefined();
  });

  it('rejects a logout token by its header typ', async () => {
    const error = await rejection(
      fx.verifier({ audience: false }).verify(await fx.realm.logoutToken({ user: 'alice' })),
    );
    expect(['unsupported_header_type', 'wrong_token_type']).toContain(error.code);
  });

  it.each(['ID', 'Refresh', 'Offline', 'Logout', 'DPoP'] as const)(
    'rejects a token whose payload typ is %s',
    async (kind) => {
      const error = await rejection(
        fx.verifier().verify(await fx.realm.adversarial.payloadTyp(kind)),
      );
      expect(error.code).toBe('wrong_token_type');
    },
  );

  it('rejects a Keycloak ID token presented as a bearer token', async () => {
    const idToken = await fx.realm.idToken({ user: 'alice', client: 'orders-api' });
    const error = await rejection(fx.verifier().verify(idToken));
    expect(error.code).toBe('wrong_token_type');
    expect(error.description).toBe('An ID token cannot be used as a bearer access token');
  });

  it('rejects a Keycloak refresh token (HS512, unpublished secret)', async () => {
    const error = await rejection(
      fx.verifier().verify(await fx.realm.refreshToken({ user: 'alice' })),
    );
    // The payload typ decides before the algorithm (issue 10 item 3), as the README promises.
    expect(error.code).toBe('wrong_token_type');
    expect(error.description).toBe('A refresh token cannot be used as a bearer access token');
  });

  it('rejects a payload typ named like an Object.prototype member with the generic description', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      claims: { typ: 'constructor' },
    });
    const error = await rejection(fx.verifier().verify(token));
    expect(error.code).toBe('wrong_token_type');
    expect(error.description).toBe('The token is not a bearer access token');
    expect(error.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('rejects a DPoP-bound token presented with the Bearer scheme', async () => {
    const error = await rejection(fx.verifier().verify(await fx.realm.adversarial.dpopBound()));
    expect(error.code).toBe('wrong_token_type');
  });

  it('rejects a token whose claims repeat a member name', async () => {
    const token = await fx.realm.adversarial.duplicateClaim(
      'iss',
      'https://evil.example',
      fx.realm.issuer,
    );
    fx.realm.counters.reset();
    expect((await rejection(fx.verifier().verify(token))).code).toBe('malformed_token');
    expect(fx.realm.counters.get('certs')).toBe(0);
    const roles = await fx.realm.adversarial.duplicateClaim(
      'realm_access',
      { roles: [] },
      { roles: ['admin'] },
    );
    expect((await rejection(fx.verifier().verify(roles))).code).toBe('malformed_token');
  });

  it('rejects a validly signed token nested 5,000 levels deep as malformed_token, without a stack overflow', async () => {
    const kid = fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid;
    const claims = JSON.stringify({
      exp: fx.clock.now() / 1000 + 300,
      iss: fx.realm.issuer,
      aud: 'orders-api',
      typ: 'Bearer',
    });
    // About 15 KB, under maxTokenLength: the size of the token in the fuzz campaign.
    const deep = `${claims.slice(0, -1)},"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const token = await fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid }, deep, { kid });
    expect(token.length).toBeLessThan(16 * 1024);
    fx.realm.counters.reset();
    const error = await rejection(fx.verifier().verify(token));
    expect(error.code).toBe('malformed_token');
    expect(error.status).toBe(401);
    expect(fx.realm.counters.get('certs')).toBe(0);
    // The same depth in the header, and 65 levels (one past the bound) in the claims.
    const deepHeader = `{"alg":"RS256","kid":${JSON.stringify(kid)},"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const headerToken = await fx.realm.sign(deepHeader, claims, { kid });
    expect((await rejection(fx.verifier().verify(headerToken))).code).toBe('malformed_token');
    const justTooDeep = `${claims.slice(0, -1)},"x":${'['.repeat(64)}${']'.repeat(64)}}`;
    const tooDeep = await fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid }, justTooDeep, { kid });
    expect((await rejection(fx.verifier().verify(tooDeep))).code).toBe('malformed_token');
    const deepest = `${claims.slice(0, -1)},"x":${'['.repeat(63)}${']'.repeat(63)}}`;
    const accepted = await fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid }, deepest, { kid });
    await expect(fx.verifier().verify(accepted)).resolves.toBeDefined();
  });

  it('rejects an unknown crit header', async () => {
    expect((await rejection(fx.verifier().verify(await fx.realm.adversarial.crit()))).code).toBe(
      'unsupported_critical_header',
    );
  });

  it('rejects a kid that is not a string instead of guessing the key', async () => {
    const kid = fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid;
    const payload = {
      exp: fx.clock.now() / 1000 + 60,
      iss: fx.realm.issuer,
      aud: 'orders-api',
      typ: 'Bearer',
    };
    const token = await fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid: 7 }, payload, { kid });
    expect((await rejection(fx.verifier().verify(token))).code).toBe('malformed_token');
  });

  it('rejects a token signed by the enc key id', async () => {
    expect(
      (await rejection(fx.verifier().verify(await fx.realm.adversarial.encKeyKid()))).code,
    ).toBe('unknown_key');
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = (await fx.realm.accessToken(mapped)).split('.');
    const other = (await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' })).split(
      '.',
    )[1];
    expect((await rejection(fx.verifier().verify(`${h}.${other}.${s}`))).code).toBe(
      'invalid_signature',
    );
  });

  it('never fetches jku, x5u or jwk header URLs', async () => {
    const kid = fx.realm.keys.list().find((k) => k.status === 'active' && k.use === 'sig')!.kid;
    const attacker = 'http://127.0.0.1:9/jwks';
    const token = await fx.realm.sign(
      {
        alg: 'RS256',
        typ: 'JWT',
        kid: 'attacker',
        jku: attacker,
        x5u: attacker,
        jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
      },
      { exp: fx.clock.now() / 1000 + 300, iss: fx.realm.issuer, aud: 'orders-api', typ: 'Bearer' },
      { kid },
    );
    const urls: string[] = [];
    const verifier = fx.verifier({
      fetch: (input, init) => (
        urls.push(input instanceof Request ? input.url : input.toString()),
        fetch(input, init)
      ),
    });
    expect((await rejection(verifier.verify(token))).code).toBe('unknown_key');
    expect(urls.every((url) => url.startsWith(fx.url))).toBe(true);
    expect(urls.length).toBeGreaterThan(0);
  });

  it('rejects an opaque or malformed token as invalid_token', async () => {
    for (const token of ['abc', 'a.b', 'a.b.c.d', '!!!.###.$$$']) {
      expect((await rejection(fx.verifier().verify(token))).status).toBe(401);
    }
    expect((await rejection(fx.verifier().verify('a.b.c.d.e'))).code).toBe(
      'unsupported_token_format',
    );
  });

  it('verifies ES256, PS256 and EdDSA tokens from the realm', async () => {
    for (const alg of ['ES256', 'PS256', 'EdDSA'] as const) {
      await fx.realm.keys.add({ alg, active: true });
      const principal = await fx
        .verifier({ keys: { cooldown: 0 } })
        .verify(await fx.realm.accessToken({ ...mapped, alg }));
      expect(principal.username).toBe('alice');
    }
  });
});
