import { describe, expect, it } from 'vitest';
import { createMemoryStore, ConfigurationError } from '../src/index.js';
import { resolveSharedStore } from '../src/store-options.js';

describe('resolveSharedStore', () => {
  it('defaults to the in-process store, fail-open, 50 ms, tokens of an hour, a 30 s resync', () => {
    expect(resolveSharedStore({})).toEqual({
      store: undefined,
      storeTimeout: 50,
      failClosed: false,
      maxTokenLifetime: 3_600_000,
      resyncInterval: 30_000,
    });
  });

  it('takes a store that implements the contract, and fail-closed', () => {
    const store = createMemoryStore();
    const resolved = resolveSharedStore({ store, onStoreUnavailable: 'fail-closed' });
    expect(resolved.store).toBe(store);
    expect(resolved.failClosed).toBe(true);
  });

  it('names the methods a store lacks', () => {
    const partial = { get: () => Promise.resolve(undefined) } as never;
    expect(() => resolveSharedStore({ store: partial })).toThrow(
      /missing: set, setIfAbsent, addToSet, members, publish, subscribe/,
    );
  });

  it('refuses an unknown failure policy and durations under 1 ms', () => {
    expect(() => resolveSharedStore({ onStoreUnavailable: 'retry' as never })).toThrow(
      ConfigurationError,
    );
    expect(() => resolveSharedStore({ storeTimeout: 0 })).toThrow(/storeTimeout/);
    expect(() => resolveSharedStore({ revocation: { maxTokenLifetime: Infinity } })).toThrow(
      /revocation\.maxTokenLifetime/,
    );
  });
});
