import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { check, cli, doctorJson, leaks, startRealm, type RealmFixture } from './helpers.js';

/** Each kind of token the demo realm `acme` hands out, as users bring them to the doctor. */
describe("doctor: the demo realm's token kinds", () => {
  let fx: RealmFixture;
  const doctor = (token: string, audience = 'orders-api') =>
    doctorJson(['--issuer', fx.issuer, '--audience', audience, '--token', token]);

  beforeAll(async () => {
    fx = await startRealm();
  });
  afterEach(() => fx.realm.faults.clear());
  afterAll(() => fx.close());

  it("an admin's token (alice via orders-web-mapped) is accepted", async () => {
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const { code, report } = await doctor(token);
    expect(code).toBe(0);
    expect(report.accepted).toBe(true);
    expect(report.summary.fail).toBe(0);
    expect(check(report, 'roles').detail).toContain('realm roles: admin');
    expect(check(report, 'verdict').detail).toContain('username alice');
  });

  it("a viewer's token (bob) is accepted: the doctor checks acceptance, not a route's role", async () => {
    const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const { code, report } = await doctor(token);
    expect(code).toBe(0);
    expect(check(report, 'roles').detail).toBe(
      'realm roles: viewer, default-roles-acme, offline_access, uma_authorization; orders-api client roles: viewer',
    );
  });

  it("a service account's token (billing-worker): aud is only account, so orders-api fails with the mapper steps", async () => {
    const token = await fx.realm.serviceAccountToken({ client: 'billing-worker' });
    const { code, report } = await doctor(token);
    expect(code).toBe(1);
    const audience = check(report, 'audience');
    expect(audience.status).toBe('fail');
    expect(audience.detail).toBe('aud [account], azp billing-worker: does not contain orders-api');
    expect(audience.fix).toContain(
      'Clients → billing-worker → Client scopes → billing-worker-dedicated → Add mapper',
    );
    expect(report.verdict?.code).toBe('audience_mismatch');
    // With the audience it does carry, it is accepted.
    const asAccount = await doctor(token, 'account');
    expect(asAccount.code).toBe(0);
    expect(check(asAccount.report, 'roles').detail).toContain('realm roles: billing');
  });

  it('an ID token misused as a bearer token fails the token type', async () => {
    const token = await fx.realm.idToken({ user: 'alice', client: 'orders-web-mapped' });
    const { code, report } = await doctor(token);
    expect(code).toBe(1);
    const type = check(report, 'token-type');
    expect(type.status).toBe('fail');
    expect(type.detail).toContain('typ ID: an ID token');
    expect(type.fix).toContain('access_token');
    expect(report.verdict?.code).toBe('wrong_token_type');
    // Signed by the same realm key: only the payload typ gives it away.
    expect(check(report, 'signature').status).toBe('pass');
  });

  it('an expired token fails exp, with the skew shown', async () => {
    const token = await fx.realm.adversarial.expired(600, {
      user: 'bob',
      client: 'orders-web-mapped',
    });
    const { code, report } = await doctor(token);
    expect(code).toBe(1);
    const time = check(report, 'time');
    expect(time.status).toBe('fail');
    expect(time.detail).toMatch(
      /^expired 10 min( \d s)? ago \(exp .*\); clock tolerance 10 s; local clock agrees with the IdP/,
    );
    expect(time.fix).toContain('Request a new token');
    expect(report.verdict?.code).toBe('token_expired');
  });

  it('a token without the Audience mapper (azp orders-api, aud account) fails aud with the mapper steps', async () => {
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-api' });
    const { code, report } = await doctor(token);
    expect(code).toBe(1);
    const audience = check(report, 'audience');
    expect(audience.detail).toBe(
      'aud [account], azp orders-api: orders-api is only in azp, not in aud',
    );
    expect(audience.fix).toContain(
      'Clients → the client that requests the token → Client scopes → its dedicated scope → Add mapper → By configuration → Audience, Included Client Audience "orders-api", Add to access token ON',
    );
    // The verdict carries core's hint too; the checklist shows it once.
    expect(report.verdict?.hint).toBe(audience.fix);
    expect(check(report, 'verdict').fix).toBe('See the failed checks above.');
  });

  it('the IdP down: every network check fails or is skipped, the verdict is idp_unavailable', async () => {
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    fx.realm.faults.set('discovery', { type: 'refuse' });
    const { code, report } = await doctor(token);
    expect(code).toBe(1);
    expect(check(report, 'issuer-reachable').status).toBe('fail');
    expect(check(report, 'jwks').status).toBe('skip');
    expect(check(report, 'kid').detail).toBe('skipped: "Issuer reachable" did not pass');
    expect(check(report, 'signature').status).toBe('skip');
    // Local claim checks still explain what they can.
    expect(check(report, 'time').status).toBe('pass');
    expect(check(report, 'audience').status).toBe('pass');
    expect(report.verdict).toMatchObject({ accepted: false, code: 'idp_unavailable' });
    expect(check(report, 'verdict').detail).toContain('HTTP 503');
  });

  it('the text checklist of each kind never shows the token', async () => {
    const tokens = [
      await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' }),
      await fx.realm.serviceAccountToken({ client: 'billing-worker' }),
      await fx.realm.idToken({ user: 'alice', client: 'orders-web' }),
      await fx.realm.adversarial.expired(60),
    ];
    for (const token of tokens) {
      const { out, err } = await cli([
        'doctor',
        '--issuer',
        fx.issuer,
        '--audience',
        'orders-api',
        '--token',
        token,
      ]);
      expect(leaks(out + err, token)).toEqual([]);
    }
  });
});

describe('doctor: a frontend URL that differs from the backend URL', () => {
  it("the token's iss is the frontend issuer: iss fails and names the discovery issuer", async () => {
    const fx = await startRealm({ frontendUrl: 'https://sso.example.com' });
    try {
      const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
      const { report } = await doctorJson([
        '--issuer',
        fx.realm.backendUrl,
        '--audience',
        'orders-api',
        '--token',
        token,
      ]);
      const iss = check(report, 'issuer-claim');
      expect(iss.status).toBe('fail');
      expect(iss.detail).toContain('iss is "https://sso.example.com/realms/acme"');
      expect(iss.fix).toContain("The token's iss equals the discovery issuer");
    } finally {
      await fx.close();
    }
  });
});
