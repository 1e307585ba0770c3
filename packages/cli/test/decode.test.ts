import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { staticRealmKeys } from '@realmguard/test-fixtures';
import { captureIo, cli, leaks } from './helpers.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('realmguard decode', () => {
  let realm: TestRealm;
  let token: string;
  beforeAll(async () => {
    const kc = createTestKeycloak({ now: () => NOW });
    realm = await kc.createRealm({ keys: staticRealmKeys() });
    token = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
  });

  it('pretty-prints header and claims with times in human form', async () => {
    const io = captureIo({ now: () => NOW + 60_000 });
    const { code, out } = await cli(['decode', token], io);
    expect(code).toBe(0);
    expect(out).toMatch(/^Header\n {2}alg: "RS256"\n {2}typ: "JWT"\n {2}kid: "\S+"\n\nPayload\n/);
    expect(out).toContain(`  exp: ${NOW / 1000 + 300}  2026-11-28T12:05:00Z (in 4 min)\n`);
    expect(out).toContain(`  iat: ${NOW / 1000}  2026-11-28T12:00:00Z (1 min ago)\n`);
    expect(out).toContain('  preferred_username: "alice"\n');
    expect(out).toContain('  realm_access: {\n    "roles": [\n      "admin",');
    expect(out).toContain('Signature: 256 bytes, not verified');
    expect(leaks(out, token)).toEqual([]);
  });

  it('--json gives header, payload, signatureBytes and times', async () => {
    const io = captureIo({ now: () => NOW });
    const { code, out } = await cli(['decode', '--json', `Bearer ${token}`], io);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['header', 'payload', 'signatureBytes', 'times']);
    expect(json).toMatchObject({
      header: { alg: 'RS256', typ: 'JWT' },
      payload: { preferred_username: 'alice', azp: 'orders-web-mapped' },
      signatureBytes: 256,
      times: {
        exp: { epoch: NOW / 1000 + 300, iso: '2026-11-28T12:05:00Z', relative: 'in 5 min' },
        iat: { epoch: NOW / 1000, iso: '2026-11-28T12:00:00Z', relative: 'now' },
      },
    });
    expect(leaks(out, token)).toEqual([]);
  });

  it('reads --token-file - (stdin)', async () => {
    const io = captureIo({ files: { '-': `${token}\n` } });
    expect((await cli(['decode', '--token-file', '-'], io)).code).toBe(0);
  });

  it.each([
    ['a.b.c.d.e', 'encrypted token (JWE)'],
    ['dGhpcyBpcyBhbiBvcGFxdWUgdG9rZW4', 'opaque token'],
    ['aaa.bbb', 'not a well-formed JWT'],
  ])('%s cannot be decoded (exit 1)', async (input, message) => {
    const { code, err } = await cli(['decode', input]);
    expect(code).toBe(1);
    expect(err).toContain(message);
  });
});
