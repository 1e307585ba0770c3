import { describe, expect, it } from 'vitest';
import { createEventSink } from '../src/events.js';
import { createMemoryStore } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { createSharedState } from '../src/shared-state.js';

const base = { issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' };

describe('createSharedState', () => {
  it('uses an in-process store of its own when none is given, and shares no answers then', () => {
    const state = createSharedState(resolveOptions(base), createEventSink(undefined));
    expect(state.access.store.inProcess).toBe(true);
    expect(state.answers).toBeUndefined();
    expect(state.revocations.stats()).toMatchObject({ entries: 0, current: true });
  });

  it('shares revocations and answers through a store given in the options', () => {
    const store = createMemoryStore();
    const state = createSharedState(resolveOptions({ ...base, store }), createEventSink(undefined));
    expect(state.access.store).toBe(store);
    expect(state.answers).toBeDefined();
  });
});
