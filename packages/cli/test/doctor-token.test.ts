import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  captureIo,
  check,
  containing,
  doctorJson,
  leaks,
  startRealm,
  type RealmFixture,
} from './helpers.js';

describe('doctor: token checks, pass and fail', () => {
  let fx: RealmFixture;
  let good: string;
  const doctor = (token: string, extra: string[] = [], io = captureIo()) =>
    // `--token=` form: an opaque token may start with "-", which parseArgs reads as an option.
    doctorJson(
      ['--issuer', fx.issuer, '--audience', 'orders-api', `--token=${token}`, ...extra],
      io,
    );

  beforeAll(async () => {
    fx = await startRealm();
    good = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
  });
  afterEach(() => fx.realm.faults.clear());
  afterAll(() => fx.close());

  it('a good token passes every check and exits 0', async () => {
    const { code, report } = await doctor(good);
    expect(code).toBe(0);
    expect(report.accepted).toBe(true);
    const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({
      'issuer-reachable': 'pass',
      'discovery-issuer': 'pass',
      jwks: 'pass',
      'token-structure': 'pass',
      algorithm: 'pass',
      kid: 'pass',
      signature: 'pass',
      time: 'pass',
      'issuer-claim': 'pass',
      audience: 'pass',
      'token-type': 'pass',
      roles: 'pass',
      introspection: 'skip',
      verdict: 'pass',
    });
  });

  describe('token structure', () => {
    it.each([
      ['abc', 'neither a JWT nor an opaque token'],
      ['aaaa.bbbb', '2 dot-separated parts'],
      ['e30.!!!.sig', 'payload is not base64url'],
      ['bm90IGpzb24.e30.c2ln', 'header is not JSON'],
      ['W10.e30.c2ln', 'header is not a JSON object'],
    ])('%s is malformed: %s', async (token, reason) => {
      const { code, report } = await doctor(token);
      expect(code).toBe(1);
      const structure = check(report, 'token-structure');
      expect(structure.status).toBe('fail');
      expect(structure.detail).toContain(reason);
      expect(check(report, 'algorithm').status).toBe('skip');
      expect(check(report, 'verdict').status).toBe('fail');
    });

    it('an encrypted (JWE) token', async () => {
      const { report } = await doctor('a.b.c.d.e');
      expect(check(report, 'token-structure')).toMatchObject({
        status: 'fail',
        detail: containing('JWE'),
      });
    });

    it('a token larger than maxTokenLength fails; one over 8 KiB warns', async () => {
      const huge = await fx.realm.adversarial.oversized(17_000, { client: 'orders-web-mapped' });
      const big = await fx.realm.adversarial.oversized(9_000, { client: 'orders-web-mapped' });
      const failed = await doctor(huge);
      expect(failed.code).toBe(1);
      expect(check(failed.report, 'token-structure').status).toBe('fail');
      expect(failed.report.verdict?.code).toBe('token_too_large');
      const warned = await doctor(big);
      expect(warned.code).toBe(0);
      expect(check(warned.report, 'token-structure')).toMatchObject({
        status: 'warn',
        detail: containing('over 8 KiB'),
      });
    });

    it('an opaque token without client credentials fails, with the introspection fix', async () => {
      const opaque = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
      const { code, report } = await doctor(opaque);
      expect(code).toBe(1);
      expect(check(report, 'token-structure').fix).toContain('--client-id');
    });
  });

  describe('algorithm', () => {
    it('alg none fails', async () => {
      const { report } = await doctor(await fx.realm.adversarial.algNone());
      expect(check(report, 'algorithm')).toMatchObject({
        status: 'fail',
        detail: containing('not signed'),
      });
      expect(check(report, 'kid').status).toBe('skip');
      expect(report.verdict?.code).toBe('unsupported_algorithm');
    });

    it('HS256 keyed with the public key fails', async () => {
      const { report } = await doctor(await fx.realm.adversarial.hs256WithPublicKey());
      expect(check(report, 'algorithm').status).toBe('fail');
    });

    it('a crit header fails', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.crit({ client: 'orders-web-mapped' }),
      );
      expect(check(report, 'algorithm')).toMatchObject({
        status: 'fail',
        detail: containing('crit'),
      });
      expect(report.verdict?.code).toBe('unsupported_critical_header');
    });

    it('header typ at+jwt passes', async () => {
      const { code, report } = await doctor(
        await fx.realm.adversarial.atJwt({ client: 'orders-web-mapped' }),
      );
      expect(code).toBe(0);
      expect(check(report, 'algorithm').detail).toBe('alg RS256, typ at+jwt');
    });
  });

  describe('kid', () => {
    it('an unknown kid fails and lists the published kids', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.unknownKid({ client: 'orders-web-mapped' }),
      );
      const kid = check(report, 'kid');
      expect(kid.status).toBe('fail');
      expect(kid.detail).toContain('is not in the JWKS (published: ');
      expect(kid.fix).toContain('another');
      expect(check(report, 'signature').status).toBe('skip');
      expect(report.verdict?.code).toBe('unknown_key');
    });

    it('the kid of the encryption key fails', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.encKeyKid({ client: 'orders-web-mapped' }),
      );
      expect(check(report, 'kid')).toMatchObject({
        status: 'fail',
        detail: containing('encryption key'),
      });
    });

    it('no kid with one fitting key passes', async () => {
      const { code, report } = await doctor(
        await fx.realm.adversarial.noKid({ client: 'orders-web-mapped' }),
      );
      expect(check(report, 'kid').detail).toContain('no kid in the header');
      expect(code).toBe(0);
    });
  });

  describe('signature', () => {
    it('a signature from another token fails', async () => {
      const other = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
      const [header, payload] = good.split('.');
      const forged = `${header}.${payload}.${other.split('.')[2]}`;
      const { code, report } = await doctor(forged);
      expect(code).toBe(1);
      expect(check(report, 'signature')).toMatchObject({
        status: 'fail',
        detail: containing('does not verify'),
      });
      expect(report.verdict?.code).toBe('invalid_signature');
    });

    it('a 1024-bit RSA key fails with the rotation hint', async () => {
      const weakKid = await fx.realm.keys.add({
        alg: 'RS256',
        modulusLength: 1024,
        active: false,
        priority: 50,
      });
      try {
        const token = await fx.realm.accessToken({ client: 'orders-web-mapped', kid: weakKid });
        const { code, report } = await doctor(token);
        expect(code).toBe(1);
        const signature = check(report, 'signature');
        expect(signature.status).toBe('fail');
        expect(signature.detail).toContain('1024-bit RSA key');
        expect(signature.fix).toContain(
          'Realm settings → Keys → Providers → Add provider → rsa-generated',
        );
        expect(report.verdict?.code).toBe('weak_key');
      } finally {
        fx.realm.keys.remove(weakKid);
      }
    });
  });

  describe('time', () => {
    it('an expired token fails, with the skew and the tolerance shown', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.expired(125, { client: 'orders-web-mapped' }),
      );
      const time = check(report, 'time');
      expect(time.status).toBe('fail');
      expect(time.detail).toMatch(/^expired 2 min [56] s ago \(exp \S+Z\); clock tolerance 10 s; /);
      expect(time.detail).toContain('local clock agrees with the IdP');
      expect(report.verdict?.code).toBe('token_expired');
    });

    it('a token expired within the clock tolerance passes; --clock-tolerance 0 rejects it', async () => {
      const token = await fx.realm.adversarial.expired(3, { client: 'orders-web-mapped' });
      expect((await doctor(token)).code).toBe(0);
      const strict = await doctor(token, ['--clock-tolerance', '0']);
      expect(strict.code).toBe(1);
      expect(check(strict.report, 'time').detail).toContain('clock tolerance 0 s');
    });

    it('a local clock ahead of the IdP is shown', async () => {
      const io = captureIo({ now: () => Date.now() + 125_000 });
      const { report } = await doctor(good, [], io);
      expect(check(report, 'time').detail).toMatch(/local clock is 2 min \d+ s ahead of the IdP/);
    });

    it('nbf in the future fails', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.notYetValid(120, { client: 'orders-web-mapped' }),
      );
      expect(check(report, 'time')).toMatchObject({
        status: 'fail',
        detail: containing('not valid before'),
      });
      expect(report.verdict?.code).toBe('token_not_yet_valid');
    });

    it('iat in the future fails', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.issuedInFuture(120, { client: 'orders-web-mapped' }),
      );
      expect(check(report, 'time')).toMatchObject({
        status: 'fail',
        detail: containing('issued in the future'),
      });
      expect(report.verdict?.code).toBe('token_issued_in_future');
    });
  });

  describe('iss', () => {
    it.each([
      ['http-vs-https', 'scheme (http vs https)', 'KC_HOSTNAME'],
      ['trailing-slash', 'trailing slash (without vs with)', 'never end with a slash'],
      ['auth-prefix', 'context path ((none) vs /auth)', '--http-relative-path=/auth'],
      ['other-host', 'host (127.0.0.1 vs', 'KC_HOSTNAME'],
    ] as const)('%s: explained', async (variant, detail, fix) => {
      const token = await fx.realm.adversarial.wrongIssuer(variant, {
        client: 'orders-web-mapped',
      });
      const { code, report } = await doctor(token);
      expect(code).toBe(1);
      const iss = check(report, 'issuer-claim');
      expect(iss.status).toBe('fail');
      expect(iss.detail).toContain(detail);
      expect(iss.fix).toContain(fix);
      expect(report.verdict?.code).toBe('untrusted_issuer');
    });

    it('another realm: the realm name is named', async () => {
      const other = await fx.kc.createRealm({ name: 'other' });
      const token = await other.accessToken({ client: 'orders-web-mapped' });
      const { report } = await doctor(token);
      expect(check(report, 'issuer-claim').detail).toContain('realm (acme vs other)');
    });
  });

  describe('audience', () => {
    it('no --audience: warns and checks with audience: false', async () => {
      const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-api' });
      const { code, report } = await doctorJson(['--issuer', fx.issuer, '--token', token]);
      expect(code).toBe(0);
      expect(check(report, 'audience')).toMatchObject({
        status: 'warn',
        detail: containing('not checked'),
      });
    });

    it("azp equals the audience but aud lacks it: core's Audience-mapper hint", async () => {
      const token = await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web',
        claims: { aud: 'account', azp: 'orders-api' },
      });
      const { report } = await doctor(token);
      const audience = check(report, 'audience');
      expect(audience.status).toBe('fail');
      expect(audience.detail).toBe(
        'aud [account], azp orders-api: orders-api is only in azp, not in aud',
      );
      expect(audience.fix).toContain(
        'Add mapper → By configuration → Audience, Included Client Audience "orders-api"',
      );
    });

    it('another client without the mapper: the steps name that client', async () => {
      const token = await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web',
        claims: { aud: 'account' },
      });
      const { report } = await doctor(token);
      expect(check(report, 'audience').fix).toContain(
        'Clients → orders-web → Client scopes → orders-web-dedicated → Add mapper → By configuration → Audience → Included Client Audience "orders-api", Add to access token ON',
      );
    });
  });

  describe('token type', () => {
    it('a refresh token fails its type, like core (its HS512 alg defers to "Token type")', async () => {
      const { report } = await doctor(await fx.realm.refreshToken({ user: 'alice' }));
      expect(check(report, 'token-type')).toMatchObject({
        status: 'fail',
        detail: containing('typ Refresh'),
      });
      // Issue 10 item 3: core answers wrong_token_type, so the algorithm is not the failure.
      expect(check(report, 'algorithm')).toMatchObject({
        status: 'skip',
        detail: containing('alg HS512 (HMAC) is not allowed'),
      });
      expect(check(report, 'algorithm').detail).toContain('see "Token type"');
      expect(report.verdict?.code).toBe('wrong_token_type');
      expect(check(report, 'audience').status).toBe('skip');
    });

    it('a logout token fails', async () => {
      const { report } = await doctor(
        await fx.realm.logoutToken({ user: 'alice', client: 'orders-web' }),
      );
      expect(check(report, 'token-type')).toMatchObject({
        status: 'fail',
        detail: containing('typ Logout'),
      });
      expect(check(report, 'algorithm').detail).toContain('logout+jwt');
    });

    it('a payload typ named like an Object.prototype member fails as not Bearer, as core refuses it', async () => {
      const { report } = await doctor(
        await fx.realm.accessToken({
          user: 'alice',
          client: 'orders-web-mapped',
          claims: { typ: 'constructor' },
        }),
      );
      expect(check(report, 'token-type')).toMatchObject({
        status: 'fail',
        detail: 'typ constructor is not Bearer',
      });
      expect(report.verdict?.code).toBe('wrong_token_type');
      expect(check(report, 'audience').status).toBe('skip');
    });

    it('a DPoP-bound token fails', async () => {
      const { report } = await doctor(
        await fx.realm.adversarial.dpopBound({ client: 'orders-web-mapped' }),
      );
      expect(check(report, 'token-type').detail).toContain('DPoP');
    });
  });

  describe('roles', () => {
    it('lists the realm roles and the client roles of the audience', async () => {
      const { report } = await doctor(good);
      expect(check(report, 'roles').detail).toBe(
        'realm roles: admin, default-roles-acme, offline_access, uma_authorization; orders-api client roles: editor',
      );
    });

    it('a lightweight token warns with the introspection hint', async () => {
      const token = await fx.realm.accessToken({
        user: 'bob',
        client: 'orders-web-mapped',
        lightweight: true,
      });
      const { report } = await doctor(token);
      const roles = check(report, 'roles');
      expect(roles.status).toBe('warn');
      expect(roles.detail).toContain('lightweight');
      expect(roles.fix).toContain('--client-id/--client-secret');
    });
  });

  describe('introspection', () => {
    const credentials = ['--client-id', 'orders-api', '--client-secret', 'orders-api-secret'];

    it('is skipped without client credentials', async () => {
      const { report } = await doctor(good);
      expect(check(report, 'introspection')).toMatchObject({
        status: 'skip',
        detail: 'no --client-id/--client-secret given',
      });
    });

    it('active: passes with client_id, username and token_type', async () => {
      const { code, report, out } = await doctor(good, credentials);
      expect(code).toBe(0);
      expect(check(report, 'introspection')).toMatchObject({
        status: 'pass',
        detail: 'active: client_id orders-web-mapped, username alice, token_type Bearer',
      });
      expect(leaks(out, good, ['orders-api-secret'])).toEqual([]);
    });

    it('wrong client secret: fails with "credentials wrong", and never prints the secret', async () => {
      const { report, out } = await doctor(good, [
        '--client-id',
        'orders-api',
        '--client-secret',
        'not-the-secret-xyz',
      ]);
      const introspection = check(report, 'introspection');
      expect(introspection.status).toBe('fail');
      expect(introspection.detail).toContain('HTTP 401');
      expect(introspection.fix).toContain('credentials are wrong');
      expect(leaks(out, good, ['not-the-secret-xyz'])).toEqual([]);
    });

    it('a revoked token: inactive, a warning while it still verifies locally', async () => {
      const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
      fx.realm.revoke(token);
      const { code, report } = await doctor(token, credentials);
      expect(code).toBe(0);
      const introspection = check(report, 'introspection');
      expect(introspection.status).toBe('warn');
      expect(introspection.detail).toContain('{"active":false}');
      expect(introspection.fix).toContain('revoked');
      expect(introspection.fix).not.toContain('26.6.2');
    });

    it('a lightweight token: audience and roles come from introspection, accepted', async () => {
      const token = await fx.realm.accessToken({
        user: 'bob',
        client: 'orders-web-mapped',
        lightweight: true,
      });
      const { code, report } = await doctor(token, credentials);
      expect(code).toBe(0);
      expect(check(report, 'audience').detail).toContain(
        'introspection gives aud containing orders-api',
      );
      expect(check(report, 'roles').detail).toContain('introspection gives realm roles: viewer');
    });

    it('an opaque token with client credentials: accepted through introspection', async () => {
      const opaque = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
      const { code, report, out } = await doctor(opaque, credentials);
      expect(code).toBe(0);
      expect(check(report, 'token-structure').status).toBe('warn');
      expect(check(report, 'signature')).toMatchObject({
        status: 'skip',
        detail: 'not a signed JWT',
      });
      expect(check(report, 'introspection').status).toBe('pass');
      expect(check(report, 'verdict').detail).toContain('through introspection');
      expect(out).not.toContain(opaque);
    });
  });

  it('Keycloak 26.6.2 audience rule: inactive with the hint when the client is not in aud', async () => {
    const fx2 = await startRealm({ profile: 'kc26_6_2' });
    try {
      const token = await fx2.realm.serviceAccountToken({ client: 'billing-worker' });
      const { code, report } = await doctorJson([
        '--issuer',
        fx2.issuer,
        '--token',
        token,
        '--client-id',
        'orders-api',
        '--client-secret',
        'orders-api-secret',
      ]);
      expect(code).toBe(0);
      const introspection = check(report, 'introspection');
      expect(introspection.status).toBe('warn');
      expect(introspection.fix).toContain('Keycloak 26.6.2 and later also answer inactive');
      expect(introspection.fix).toContain('"orders-api"');
    } finally {
      await fx2.close();
    }
  });
});
