import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../src/concurrency.js';
import { IdpChannel, IssuerChannels } from '../src/idp-channel.js';
import type { VerifierEvent } from '../src/index.js';
import { AuthError } from '../src/index.js';

/** A real endpoint on 127.0.0.1 whose next answers the test chooses. */
let server: Server;
let url: string;
let answer: { status: number; body: string } = { status: 200, body: '{}' };
let calls = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    calls++;
    res.statusCode = answer.status;
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

let clock: number;
let outages: { reason: string; opensWindow: boolean }[];
let channel: IdpChannel;
beforeEach(() => {
  calls = 0;
  clock = Date.UTC(2026, 10, 28);
  outages = [];
  answer = { status: 200, body: '{}' };
  channel = new IdpChannel({
    limit: new ConcurrencyLimit(4, 4),
    http: { fetch: (input, init) => fetch(input, init), timeout: 1_000, maxBytes: 1_024 },
    now: () => clock,
    onOutage: (reason, opensWindow) => outages.push({ reason, opensWindow }),
  });
});

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AuthError)) throw new Error('expected an AuthError');
  return error;
}

describe('IdpChannel', () => {
  it('answers with the status and a null-prototype copy of the JSON, and its size', async () => {
    answer = { status: 200, body: '{"active":true,"__proto__":{"admin":true}}' };
    const result = await channel.call(url, { method: 'POST', form: new URLSearchParams() });
    expect(result).toMatchObject({ readable: true, status: 200, opensWindow: false });
    const json = (result as { json: Record<string, unknown> }).json;
    expect(Object.getPrototypeOf(json)).toBeNull();
    expect(json.admin).toBeUndefined();
  });

  it('answers 503 on an outage, reports it once, and rests a second without calling', async () => {
    answer = { status: 502, body: '' };
    const first = await refusal(channel.call(url, { method: 'GET' }));
    expect(first).toMatchObject({ status: 503, code: 'idp_unavailable' });
    expect(outages).toEqual([{ reason: 'HTTP 502', opensWindow: true }]);
    expect(channel.gate.backingOff).toBe(true);
    const second = await refusal(channel.call(url, { method: 'GET' }));
    expect(second.headers['retry-after']).toBe('1');
    expect(calls).toBe(1);
    clock += 1_250;
    answer = { status: 200, body: '{}' };
    await expect(channel.call(url, { method: 'GET' })).resolves.toMatchObject({ status: 200 });
    expect(channel.gate.backingOff).toBe(false);
  });

  it('lets the caller name a refusal that starts the backoff, and still returns the answer', async () => {
    answer = { status: 401, body: '{"error":"invalid_request"}' };
    const result = await channel.call(url, { method: 'POST' }, (status) => status === 401);
    expect(result).toMatchObject({ readable: true, status: 401, opensWindow: true });
    expect((await refusal(channel.call(url, { method: 'POST' }))).status).toBe(503);
  });

  it('reads a definite answer the caller cannot use as unreadable, without a backoff', async () => {
    answer = { status: 200, body: `{"a":"${'x'.repeat(2_000)}"}` };
    expect(await channel.call(url, { method: 'GET' })).toEqual({
      readable: false,
      reason: 'response larger than 1024 bytes',
    });
    answer = { status: 200, body: `${'['.repeat(70)}${']'.repeat(70)}` };
    expect(await channel.call(url, { method: 'GET' })).toMatchObject({ readable: false });
    expect(channel.gate.backingOff).toBe(false);
  });

  it('refuses at once with a 503 when the queue is full', async () => {
    const busy = new IdpChannel({
      limit: new ConcurrencyLimit(0, 0),
      http: { fetch: (input, init) => fetch(input, init), timeout: 1_000, maxBytes: 1_024 },
      now: () => clock,
      onOutage: () => undefined,
    });
    const error = await refusal(busy.call(url, { method: 'GET' }));
    expect(error).toMatchObject({ status: 503, retryAfter: 1 });
    expect(calls).toBe(0);
  });
});

describe('IssuerChannels', () => {
  it('keeps one channel per issuer, each with its own backoff, reporting outages per issuer', async () => {
    const events: VerifierEvent[] = [];
    const channels = new IssuerChannels(
      {
        limit: new ConcurrencyLimit(4, 4),
        http: { fetch: (input, init) => fetch(input, init), timeout: 1_000, maxBytes: 1_024 },
        now: () => clock,
      },
      { enabled: true, emit: (event) => events.push(event) },
      'userinfo',
    );
    const a = 'https://sso.example.com/realms/a';
    const b = 'https://sso.example.com/realms/b';
    expect(channels.of(a)).toBe(channels.of(a));
    expect(channels.of(b)).not.toBe(channels.of(a));
    answer = { status: 503, body: '' };
    await refusal(channels.of(a).call(url, { method: 'GET' }));
    expect(channels.of(a).gate.backingOff).toBe(true);
    expect(channels.of(b).gate.backingOff).toBe(false);
    expect(events).toMatchObject([
      { type: 'fetch_failed', issuer: a, resource: 'userinfo', kind: 'unavailable' },
    ]);
  });
});
