import { describe, expect, it } from 'vitest';
import { createEventSink } from '../src/events.js';
import { createMemoryStore, type SharedStore } from '../src/index.js';
import { ReceiverError } from '../src/receiver-jws.js';
import { claimOnce } from '../src/receiver-replay.js';
import { StoreAccess } from '../src/store-access.js';

const access = (store: SharedStore) =>
  new StoreAccess(store, 50, createEventSink(undefined), false, Date.now);

describe('claimOnce', () => {
  it('accepts parts once and refuses them again with a 400 naming the replay', async () => {
    const store = access(createMemoryStore());
    const issuer = 'https://sso.example.com/realms/acme';
    await claimOnce(store, 'push-id', [issuer, 'id-1'], 60_000, 'already used');
    const replay = await claimOnce(store, 'push-id', [issuer, 'id-1'], 60_000, 'already used')
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(replay).toBeInstanceOf(ReceiverError);
    expect(replay).toMatchObject({ status: 400, description: 'already used' });
    // Another id, or the same id under another prefix, is a first use.
    await claimOnce(store, 'push-id', [issuer, 'id-2'], 60_000, 'already used');
    await claimOnce(store, 'logout-jti', [issuer, 'id-1'], 60_000, 'already used');
  });

  it('keeps only a hash of the parts in the store', async () => {
    const keys: string[] = [];
    const memory = createMemoryStore();
    const store = access({
      ...memory,
      setIfAbsent: (key, value, ttl) => (keys.push(key), memory.setIfAbsent(key, value, ttl)),
    });
    await claimOnce(store, 'logout-jti', ['issuer', 'secret-jti'], 60_000, 'used');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^logout-jti:[A-Za-z0-9_-]{43}$/);
  });

  it('lets the request apply when the store cannot answer', async () => {
    const store = access({
      ...createMemoryStore(),
      inProcess: false,
      setIfAbsent: () => Promise.reject(new Error('connection refused')),
    });
    await expect(claimOnce(store, 'push-id', ['i', 'id'], 60_000, 'used')).resolves.toBeUndefined();
    await expect(claimOnce(store, 'push-id', ['i', 'id'], 60_000, 'used')).resolves.toBeUndefined();
  });
});
