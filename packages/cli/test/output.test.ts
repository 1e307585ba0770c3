import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import {
  captureIo,
  cli,
  containing,
  doctorJson,
  leaks,
  startRealm,
  type RealmFixture,
} from './helpers.js';

describe('doctor output: text, --json, secrecy, input forms', () => {
  let fx: RealmFixture;
  let token: string;
  let expired: string;
  beforeAll(async () => {
    fx = await startRealm();
    token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    expired = await fx.realm.adversarial.expired(60, { client: 'orders-web-mapped' });
  });
  afterAll(() => fx.close());

  it('--json has the documented shape', async () => {
    const { code, report, out } = await doctorJson([
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      '--token',
      expired,
    ]);
    expect(code).toBe(1);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'command',
      'issuer',
      'audience',
      'tokenChecked',
      'accepted',
      'verdict',
      'exitCode',
      'summary',
      'checks',
    ]);
    expect(json).toMatchObject({
      command: 'doctor',
      issuer: fx.issuer,
      audience: 'orders-api',
      tokenChecked: true,
      accepted: false,
      exitCode: 1,
      verdict: {
        accepted: false,
        code: 'token_expired',
        status: 401,
        description: 'The access token expired',
        hint: null,
      },
    });
    expect(report.summary).toEqual({ pass: 11, fail: 2, warn: 0, skip: 1 });
    for (const c of report.checks) {
      expect(Object.keys(c).sort()).toEqual(
        c.fix === undefined
          ? ['detail', 'id', 'status', 'title']
          : ['detail', 'fix', 'id', 'status', 'title'],
      );
    }
  });

  it('--json without a token: accepted and verdict are null', async () => {
    const { code, report, out } = await doctorJson(['--issuer', fx.issuer]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      audience: null,
      tokenChecked: false,
      accepted: null,
      verdict: null,
    });
    expect(report.checks).toHaveLength(3);
  });

  it('never prints the token, its parts or the client secret (text and --json, pass and fail)', async () => {
    const secret = 'orders-api-secret';
    const wrong = 'wrong-secret-1234';
    for (const t of [token, expired]) {
      for (const s of [secret, wrong]) {
        const base = [
          'doctor',
          '--issuer',
          fx.issuer,
          '--audience',
          'orders-api',
          '--token',
          t,
          '--client-id',
          'orders-api',
          '--client-secret',
          s,
        ];
        const text = await cli(base);
        const json = await cli([...base, '--json']);
        expect(leaks(text.out + text.err, t, [s])).toEqual([]);
        expect(leaks(json.out + json.err, t, [s])).toEqual([]);
      }
    }
  });

  it('text output: a checklist with ✔/✖/!/- and the fix indented under a failure', async () => {
    const { code, out } = await cli([
      'doctor',
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      '--token',
      expired,
    ]);
    expect(code).toBe(1);
    expect(out).toContain(
      `realmguard doctor\n  issuer:   ${fx.issuer}\n  audience: orders-api\n  token:    ${expired.length} characters (not shown)\n`,
    );
    expect(out).toMatch(/^✔ Signature valid: /m);
    expect(out).toMatch(/^✖ Token time \(exp, nbf, iat\): expired 1 min( \d+ s)? ago/m);
    expect(out).toMatch(/^✖ Token time.*\n {4}Fix: Request a new token/m);
    expect(out).toMatch(/^- Introspection: no --client-id\/--client-secret given$/m);
    expect(out).toContain('The token would be rejected (token_expired). Exit code 1.\n');
    expect(out).not.toContain('\u001b[');
  });

  it('colours only on a TTY without NO_COLOR', async () => {
    const args = ['doctor', '--issuer', fx.issuer, '--audience', 'orders-api', '--token', token];
    const tty = await cli(args, captureIo({ isTTY: true }));
    expect(tty.out).toContain('\u001b[32m✔\u001b[39m');
    const noColor = await cli(args, captureIo({ isTTY: true, env: { NO_COLOR: '1' } }));
    expect(noColor.out).not.toContain('\u001b[');
    expect(noColor.out).toContain('The token would be accepted. Exit code 0.');
  });

  it('a token given as "Bearer <token>", or read from a file or stdin (--token-file -)', async () => {
    const bearer = await cli([
      'doctor',
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      '--token',
      `Bearer ${token}`,
    ]);
    expect(bearer.code).toBe(0);
    const io = captureIo({
      files: { '-': `  Authorization: Bearer ${token}\n`, 'token.txt': `${token}\n` },
    });
    expect(
      (
        await cli(
          ['doctor', '--issuer', fx.issuer, '--audience', 'orders-api', '--token-file', '-'],
          io,
        )
      ).code,
    ).toBe(0);
    const io2 = captureIo({ files: { 'token.txt': `${token}\n` } });
    expect(
      (
        await cli(
          [
            'doctor',
            '--issuer',
            fx.issuer,
            '--audience',
            'orders-api',
            '--token-file',
            'token.txt',
          ],
          io2,
        )
      ).code,
    ).toBe(0);
  });

  it('the client secret may come from REALMGUARD_CLIENT_SECRET', async () => {
    const io = captureIo({ env: { REALMGUARD_CLIENT_SECRET: 'orders-api-secret' } });
    const { report } = await doctorJson(
      ['--issuer', fx.issuer, '--token', token, '--client-id', 'orders-api'],
      io,
    );
    expect(report.checks.find((c) => c.id === 'introspection')?.status).toBe('pass');
  });
});

describe('command line', () => {
  it.each([
    [['doctor'], '--issuer is required'],
    [['doctor', '--issuer', 'sso.example.com/realms/acme'], 'not an absolute URL'],
    [['doctor', '--issuer', 'ftp://x/realms/a'], 'must be an http(s) URL'],
    [['doctor', '--issuer', 'https://x/realms/a', '--bogus'], "Unknown option '--bogus'"],
    [['doctor', '--issuer', 'https://x/realms/a', '--token', 'a', '--token-file', 'f'], 'not both'],
    [
      ['doctor', '--issuer', 'https://x/realms/a', '--client-id', 'c'],
      '--client-id needs --client-secret',
    ],
    [
      ['doctor', '--issuer', 'https://x/realms/a', '--client-secret', 's'],
      '--client-secret needs --client-id',
    ],
    [['doctor', '--issuer', 'https://x/realms/a', '--clock-tolerance', '-1'], '--clock-tolerance'],
    [['doctor', '--issuer', 'https://x/realms/a', '--token', '  '], 'the token is empty'],
    [
      ['doctor', '--issuer', 'https://x/realms/a', '--token-file', 'missing.txt'],
      'cannot read the token file missing.txt (ENOENT)',
    ],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['decode'], 'decode needs a token'],
    [['help', 'nope'], 'no help for "nope"'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const { code, err, out } = await cli(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Run "realmguard help" for usage.');
    expect(out).toBe('');
  });

  it('no command prints the usage to stderr and exits 2', async () => {
    const { code, err } = await cli([]);
    expect(code).toBe(2);
    expect(err).toContain('Usage: realmguard <command>');
  });

  it('help and version', async () => {
    expect(await cli(['--help'])).toMatchObject({
      code: 0,
      out: containing('Commands:'),
    });
    expect(await cli(['help', 'doctor'])).toMatchObject({
      code: 0,
      out: containing('--clock-tolerance SEC'),
    });
    expect(await cli(['doctor', '--help'])).toMatchObject({
      code: 0,
      out: containing('--token-file FILE'),
    });
    expect(await cli(['decode', '-h'])).toMatchObject({
      code: 0,
      out: containing('Usage: realmguard decode'),
    });
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
  });

  it('VERSION equals package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
