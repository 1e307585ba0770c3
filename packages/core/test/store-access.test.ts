import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventSink } from '../src/events.js';
import {
  createMemoryStore,
  tokenHash,
  type SharedStore,
  type VerifierEvent,
} from '../src/index.js';
import { parseRevocation, encodeRevocation } from '../src/revocation-record.js';
import { StoreAccess, StoreUnavailableError } from '../src/store-access.js';

// Core's side of the store: every operation has a deadline and reports an unavailable store
// without flooding; records and hashes that cross the store.

afterEach(() => {
  vi.useRealTimers();
});

const hanging = (): SharedStore => ({
  ...createMemoryStore(),
  inProcess: false,
  get: () => new Promise<never>(() => undefined),
  setIfAbsent: () => Promise.reject(new Error('connection refused')),
});

describe('StoreAccess', () => {
  it('rejects an operation that outlasts the timeout with StoreUnavailableError', async () => {
    vi.useFakeTimers();
    const events: VerifierEvent[] = [];
    const access = new StoreAccess(
      hanging(),
      50,
      createEventSink((e) => events.push(e)),
      false,
      Date.now,
    );
    const pending = access.get('k');
    const settled = expect(pending).rejects.toBeInstanceOf(StoreUnavailableError);
    await vi.advanceTimersByTimeAsync(50);
    await settled;
    expect(events).toEqual([
      {
        type: 'store_unavailable',
        operation: 'get',
        reason: 'no answer within 50 ms',
        failClosed: false,
      },
    ]);
  });

  it('reports a failing operation at most once a second per operation', async () => {
    let now = 0;
    const events: VerifierEvent[] = [];
    const access = new StoreAccess(
      hanging(),
      50,
      createEventSink((e) => events.push(e)),
      true,
      () => now,
    );
    for (let i = 0; i < 5; i++) await access.setIfAbsent('k', '1', 10).catch(() => undefined);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: 'setIfAbsent',
      reason: 'connection refused',
      failClosed: true,
    });
    now = 1_000;
    await access.setIfAbsent('k', '1', 10).catch(() => undefined);
    expect(events).toHaveLength(2);
  });

  it('passes answers through', async () => {
    const access = new StoreAccess(
      createMemoryStore(),
      50,
      createEventSink(undefined),
      false,
      Date.now,
    );
    await access.set('k', 'v', 1_000);
    expect(await access.get('k')).toBe('v');
  });
});

describe('revocation records and token hashes', () => {
  it('encodes a record deterministically and parses only what it encoded', () => {
    const record = {
      kind: 'sid' as const,
      issuer: 'https://sso.example.com/realms/acme',
      id: 's-1',
      at: 1_760_000_000,
      expiresAt: 1_760_003_600_000,
      receivedAt: 0,
    };
    const text = encodeRevocation(record);
    expect(encodeRevocation({ ...record })).toBe(text);
    expect(parseRevocation(text)).toEqual(record);
    expect(parseRevocation('not json')).toBeUndefined();
    expect(parseRevocation(JSON.stringify([2, 'sid', 'i', 's', 1, 1, 0]))).toBeUndefined();
    expect(parseRevocation(JSON.stringify([1, 'session', 'i', 's', 1, 1, 0]))).toBeUndefined();
    expect(parseRevocation(JSON.stringify([1, 'sid', 'i', '', 1, 1, 0]))).toBeUndefined();
    expect(parseRevocation(JSON.stringify([1, 'sub', 'i', 'u', 'x', 1, 0]))).toBeUndefined();
    expect(parseRevocation(JSON.stringify([1, 'not-before', 'i', '', 0, 1, 5]))).toMatchObject({
      kind: 'not-before',
      at: 0,
    });
  });

  it('names a token by base64url(SHA-256), never by the token', async () => {
    expect(await tokenHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(await tokenHash('abd')).not.toBe(await tokenHash('abc'));
  });
});
