import { listen } from '@realmguard/testing/node';
import { createTestKeycloak } from '@realmguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { check, containing, doctorJson, startRealm, type RealmFixture } from './helpers.js';

describe('doctor: issuer, discovery and JWKS (no token)', () => {
  let fx: RealmFixture;
  beforeAll(async () => {
    fx = await startRealm();
  });
  afterEach(() => fx.realm.faults.clear());
  afterAll(() => fx.close());

  it('passes issuer reachable, discovery issuer and JWKS, and exits 0', async () => {
    const { code, report } = await doctorJson(['--issuer', fx.issuer]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.id)).toEqual([
      'issuer-reachable',
      'discovery-issuer',
      'jwks',
    ]);
    expect(report.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(check(report, 'issuer-reachable').detail).toContain('HTTP 200');
    expect(check(report, 'jwks').detail).toMatch(
      /1 signing key: RS256 \S+; 1 encryption key skipped/,
    );
    expect(report.accepted).toBeNull();
  });

  it('IdP down (discovery refused): issuer reachable fails, dependents are skipped, exit 1', async () => {
    fx.realm.faults.set('discovery', { type: 'refuse' });
    const { code, report } = await doctorJson(['--issuer', fx.issuer]);
    expect(code).toBe(1);
    const reachable = check(report, 'issuer-reachable');
    expect(reachable.status).toBe('fail');
    expect(reachable.detail).toContain('connection closed without an answer');
    expect(reachable.fix).toContain('Keycloak is running');
    expect(check(report, 'discovery-issuer')).toMatchObject({
      status: 'skip',
      detail: 'skipped: "Issuer reachable" did not pass',
    });
    expect(check(report, 'jwks').status).toBe('skip');
  });

  it('nothing listening: ECONNREFUSED is named', async () => {
    const kc = createTestKeycloak();
    const server = await listen(kc);
    const issuer = `${server.url}/realms/acme`;
    await server.close();
    const { code, report } = await doctorJson(['--issuer', issuer]);
    expect(code).toBe(1);
    expect(check(report, 'issuer-reachable').detail).toContain('ECONNREFUSED');
  });

  it('an unknown realm: the fix says the realm name is wrong', async () => {
    const issuer = fx.issuer.replace('/realms/acme', '/realms/Acme');
    const { report } = await doctorJson(['--issuer', issuer]);
    const reachable = check(report, 'issuer-reachable');
    expect(reachable).toMatchObject({
      status: 'fail',
      detail: containing('HTTP 404'),
    });
    expect(reachable.fix).toContain('Realm does not exist');
  });

  it('a needless /auth: the fix finds the document at the root (Keycloak 17+)', async () => {
    const issuer = fx.issuer.replace('/realms/', '/auth/realms/');
    const { report } = await doctorJson(['--issuer', issuer]);
    const fix = check(report, 'issuer-reachable').fix ?? '';
    expect(fix).toContain(`found at ${fx.issuer}`);
    expect(fix).toContain('without /auth');
  });

  it('JWKS down: the JWKS check fails with the backend-URL fix', async () => {
    fx.realm.faults.set('certs', { type: 'refuse' });
    const { code, report } = await doctorJson(['--issuer', fx.issuer]);
    expect(code).toBe(1);
    expect(check(report, 'issuer-reachable').status).toBe('pass');
    const jwks = check(report, 'jwks');
    expect(jwks.status).toBe('fail');
    expect(jwks.fix).toContain('certs endpoint');
  });

  it('JWKS answering 503', async () => {
    fx.realm.faults.set('certs', { type: 'status', status: 503 });
    const { report } = await doctorJson(['--issuer', fx.issuer]);
    expect(check(report, 'jwks')).toMatchObject({
      status: 'fail',
      detail: containing('HTTP 503'),
    });
  });

  it('JWKS without signing keys: the fix says how to add a key', async () => {
    fx.realm.faults.set('certs', { type: 'empty-keys' });
    const { report } = await doctorJson(['--issuer', fx.issuer]);
    const jwks = check(report, 'jwks');
    expect(jwks.status).toBe('fail');
    expect(jwks.detail).toContain('none for signatures');
    expect(jwks.fix).toContain('rsa-generated');
  });

  it('discovery is not JSON', async () => {
    fx.realm.faults.set('discovery', { type: 'garbage' });
    const { report } = await doctorJson(['--issuer', fx.issuer]);
    expect(check(report, 'issuer-reachable')).toMatchObject({
      status: 'fail',
      detail: containing('not JSON'),
    });
  });
});

describe('doctor: Keycloak URL mismatches', () => {
  it('legacy /auth context path missing from --issuer: found under /auth', async () => {
    const fx = await startRealm({ contextPath: '/auth' });
    try {
      const issuer = fx.issuer.replace('/auth/realms/', '/realms/');
      const { report } = await doctorJson(['--issuer', issuer]);
      const reachable = check(report, 'issuer-reachable');
      expect(reachable.status).toBe('fail');
      expect(reachable.fix).toContain(`found at ${fx.issuer}`);
      expect(reachable.fix).toContain('--http-relative-path=/auth');
    } finally {
      await fx.close();
    }
  });

  it('frontend URL differs from the backend URL: discovery issuer fails and says which parts differ', async () => {
    const fx = await startRealm({ frontendUrl: 'https://sso.example.com' });
    try {
      const backendIssuer = fx.realm.backendUrl;
      const { code, report } = await doctorJson(['--issuer', backendIssuer]);
      expect(code).toBe(1);
      expect(check(report, 'issuer-reachable').status).toBe('pass');
      const discovery = check(report, 'discovery-issuer');
      expect(discovery.status).toBe('fail');
      expect(discovery.detail).toContain('discovery says "https://sso.example.com/realms/acme"');
      expect(discovery.detail).toMatch(
        /scheme \(http vs https\), host \(127\.0\.0\.1 vs sso\.example\.com\), port/,
      );
      expect(discovery.fix).toContain('KC_HOSTNAME');
      // The JWKS follows the metadata (backend URL), so it is still checked.
      expect(check(report, 'jwks').status).toBe('pass');
    } finally {
      await fx.close();
    }
  });

  it('a trailing slash on --issuer: discovery issuer fails and says so', async () => {
    const fx = await startRealm();
    try {
      const { report } = await doctorJson(['--issuer', `${fx.issuer}/`]);
      const discovery = check(report, 'discovery-issuer');
      expect(discovery.status).toBe('fail');
      expect(discovery.detail).toContain('trailing slash (with vs without)');
      expect(discovery.fix).toContain('never end with a slash');
    } finally {
      await fx.close();
    }
  });
});
