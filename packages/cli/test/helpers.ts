import { expect } from 'vitest';
import { createTestKeycloak, type TestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { staticRealmKeys } from '@realmguard/test-fixtures';
import { run } from '../src/cli.js';
import type { CliIo } from '../src/io.js';

/** An in-memory CliIo: captured streams, the global fetch (the realm is served over HTTP). */
export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(
  options: {
    files?: Record<string, string>;
    env?: Record<string, string>;
    isTTY?: boolean;
    now?: () => number;
  } = {},
): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => (err += text) },
    fetch: (input, init) => globalThis.fetch(input, init),
    now: options.now ?? Date.now,
    readFile: (path) => {
      const content = options.files?.[path];
      if (content === undefined) {
        return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOENT' }));
      }
      return Promise.resolve(content);
    },
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}

/** Runs the CLI in-process. */
export async function cli(
  argv: readonly string[],
  io: CapturedIo = captureIo(),
): Promise<{ code: number; out: string; err: string }> {
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** The demo realm `acme` served over real HTTP on 127.0.0.1 (static keys: fast). */
export interface RealmFixture {
  kc: TestKeycloak;
  realm: TestRealm;
  issuer: string;
  close(): Promise<void>;
}

export async function startRealm(
  options: {
    contextPath?: '' | '/auth';
    frontendUrl?: string;
    profile?: 'kc22' | 'kc24' | 'kc25' | 'kc26_2' | 'kc26_6_2';
  } = {},
): Promise<RealmFixture> {
  const kc = createTestKeycloak(options);
  const server = await listen(kc);
  const realm = await kc.createRealm({ keys: staticRealmKeys() });
  return { kc, realm, issuer: realm.issuer, close: () => server.close() };
}

/** The parts of the doctor's --json output the tests read. */
export interface JsonReport {
  accepted: boolean | null;
  exitCode: number;
  verdict: { accepted: boolean; code?: string; hint?: string | null } | null;
  summary: Record<string, number>;
  checks: { id: string; title: string; status: string; detail: string; fix?: string }[];
}

/** Runs `doctor --json` and returns the parsed report plus the raw output. */
export async function doctorJson(
  argv: readonly string[],
  io: CapturedIo = captureIo(),
): Promise<{ code: number; report: JsonReport; out: string; err: string }> {
  const result = await cli(['doctor', '--json', ...argv], io);
  return { ...result, report: JSON.parse(result.out) as JsonReport };
}

/** The result of one check in a JSON report. */
export function check(report: JsonReport, id: string): JsonReport['checks'][number] {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
}

/** Asserts that output holds neither the token (nor any of its parts) nor the secrets. */
export function leaks(output: string, token: string, secrets: readonly string[] = []): string[] {
  const parts = token.split('.').filter((part) => part.length >= 8);
  return [token, ...parts, ...secrets].filter((value) => output.includes(value));
}

/** `expect.stringContaining`, typed (it is `any` in vitest's types). */
export const containing = (text: string): string => expect.stringContaining(text) as string;
