import { generateDpopKey, type DpopKey } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo, cli, leaks, startRealm, type RealmFixture } from './helpers.js';

interface DpopJson {
  dpop: {
    accepted: boolean;
    jkt: string | null;
    exitCode: number;
    checks: { id: string; status: string; detail: string; fix?: string }[];
  };
  accepted?: boolean | null;
}

const URL = 'https://api.example.com/orders';

describe('doctor --dpop: which DPoP check failed, and what the client must change', () => {
  let fx: RealmFixture;
  let key: DpopKey;
  let token: string;
  beforeAll(async () => {
    fx = await startRealm();
    key = await generateDpopKey();
    token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      dpopJkt: key.jkt,
    });
  });
  afterAll(() => fx.close());

  const proof = (options: Parameters<typeof fx.realm.dpopProof>[1]) =>
    fx.realm.dpopProof(key, options);
  const run = async (argv: string[]) => {
    const io = captureIo({ now: () => Date.now() });
    const result = await cli(['doctor', '--json', ...argv], io);
    return { ...result, json: JSON.parse(result.out) as DpopJson };
  };
  const statuses = (json: DpopJson) =>
    Object.fromEntries(json.dpop.checks.map((c) => [c.id, c.status]));

  it('accepts a good proof for the request, without an issuer', async () => {
    const good = await proof({ method: 'GET', url: URL, accessToken: token });
    const { code, json } = await run([
      `--dpop=${good}`,
      '--method',
      'GET',
      '--url',
      URL,
      `--token=${token}`,
    ]);
    expect(code).toBe(0);
    expect(json.dpop.accepted).toBe(true);
    expect(json.dpop.jkt).toBe(key.jkt);
    expect(Object.values(statuses(json)).every((status) => status === 'pass')).toBe(true);
  });

  it('names the failed check (htu), shows both URLs, skips the rest, and exits 1', async () => {
    const wrong = await proof({
      method: 'GET',
      url: 'http://10.0.0.5:8080/orders',
      accessToken: token,
    });
    const { code, json } = await run([`--dpop=${wrong}`, '--method', 'GET', '--url', URL]);
    expect(code).toBe(1);
    const htu = json.dpop.checks.find((c) => c.id === 'dpop-htu')!;
    expect(htu.status).toBe('fail');
    expect(htu.detail).toContain('http://10.0.0.5:8080/orders');
    expect(htu.fix).toContain('dpop.publicUrl');
    expect(statuses(json)).toMatchObject({
      'dpop-signature': 'pass',
      'dpop-htm': 'pass',
      'dpop-iat': 'skip',
      'dpop-ath': 'skip',
    });
  });

  it.each([
    ['dpop-htm', { method: 'POST', url: URL }, 'exact HTTP method'],
    [
      'dpop-iat',
      { method: 'GET', url: URL, iat: Math.floor(Date.now() / 1000) - 600 },
      'fresh proof',
    ],
    ['dpop-key', { method: 'GET', url: URL, header: { jwk: undefined as unknown } }, 'public key'],
    ['dpop-header', { method: 'GET', url: URL, header: { typ: 'JWT' } }, '"dpop+jwt"'],
    ['dpop-ath', { method: 'GET', url: URL, accessToken: 'another token' }, 'base64url(SHA-256'],
  ] as const)('fails %s with its fix', async (id, options, fix) => {
    const bad = await proof(options);
    const { code, json } = await run([
      `--dpop=${bad}`,
      '--method',
      'GET',
      '--url',
      URL,
      `--token=${token}`,
    ]);
    expect(code).toBe(1);
    const failed = json.dpop.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.id)).toEqual([id]);
    expect(failed[0]!.fix).toContain(fix);
  });

  it("checks the token's binding: another key's proof, and an unbound token", async () => {
    const other = await generateDpopKey();
    const foreign = await fx.realm.dpopProof(other, {
      method: 'GET',
      url: URL,
      accessToken: token,
    });
    const mismatch = await run([
      `--dpop=${foreign}`,
      '--method',
      'GET',
      '--url',
      URL,
      `--token=${token}`,
    ]);
    expect(mismatch.code).toBe(1);
    expect(statuses(mismatch.json)['dpop-binding']).toBe('fail');
    const plain = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const unbound = await run([
      `--dpop=${await proof({ method: 'GET', url: URL, accessToken: plain })}`,
      '--method',
      'GET',
      '--url',
      URL,
      `--token=${plain}`,
    ]);
    expect(unbound.json.dpop.checks.find((c) => c.id === 'dpop-binding')!.detail).toContain(
      'not DPoP-bound',
    );
  });

  it('runs the token checklist too with --issuer, and the exit code follows both', async () => {
    const good = await proof({ method: 'GET', url: URL, accessToken: token });
    const { code, json } = await run([
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      `--token=${token}`,
      `--dpop=${good}`,
      '--method',
      'GET',
      '--url',
      URL,
    ]);
    // The token alone is a DPoP-bound token: the Bearer verdict refuses it, the proof passes.
    expect(json.dpop.accepted).toBe(true);
    expect(json.accepted).toBe(false);
    expect(code).toBe(1);
  });

  it('prints a checklist that never shows the proof or the token', async () => {
    const wrong = await proof({
      method: 'GET',
      url: 'https://other.example/orders',
      accessToken: token,
    });
    const io = captureIo({ now: () => Date.now() });
    const { code, out } = await cli(
      ['doctor', `--dpop=${wrong}`, '--method', 'GET', '--url', URL, `--token=${token}`],
      io,
    );
    expect(code).toBe(1);
    expect(out).toContain('✖ htu = request URL');
    expect(out).toContain('The proof would be rejected (htu = request URL). Exit code 1.');
    expect(leaks(out, wrong)).toEqual([]);
    expect(leaks(out, token)).toEqual([]);
  });

  it('asks for --method and --url with --dpop (usage error, exit 2)', async () => {
    expect((await cli(['doctor', '--dpop=a.b.c', '--url', URL])).code).toBe(2);
    expect((await cli(['doctor', '--dpop=a.b.c', '--method', 'GET'])).err).toContain('--url');
    expect((await cli(['doctor', '--issuer', fx.issuer, '--method', 'GET'])).err).toContain(
      '--dpop',
    );
  });
});
