import { describe, expect, it } from 'vitest';
import { createEventSink } from '../src/events.js';
import { createMemoryStore } from '../src/index.js';
import { SharedAnswers } from '../src/shared-answers.js';
import { StoreAccess } from '../src/store-access.js';

// Generous: these tests are about sharing, not store timeouts, and an in-process store operation
// can exceed the 50 ms default on a loaded CI machine (a timed-out claim lets every instance ask).
const STORE_TIMEOUT = 2_000;

function instances(count: number) {
  const store = createMemoryStore();
  const sink = createEventSink(undefined);
  return Array.from(
    { length: count },
    () =>
      new SharedAnswers(
        new StoreAccess(store, STORE_TIMEOUT, sink, false, Date.now),
        Date.now,
        1_000,
      ),
  );
}

const parts = ['orders-api', 'https://sso.example.com/realms/acme', 'opaque-token-0123456789'];

describe('SharedAnswers', () => {
  it('asks the identity provider once for several instances asking at once', async () => {
    const [a, b, c] = instances(3);
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { claims: { sub: 'u1', exp: 9_999_999_999 } };
    };
    const answers = await Promise.all(
      [a!, b!, c!].map((shared) => shared.introspection(parts, () => 30_000, load)),
    );
    expect(calls).toBe(1);
    expect(answers.map((answer) => answer.claims?.sub)).toEqual(['u1', 'u1', 'u1']);
  });

  it('shares an inactive answer too, and UMA decisions', async () => {
    const [a, b] = instances(2);
    await a!.introspection(
      parts,
      () => 5_000,
      () => Promise.resolve({ claims: undefined }),
    );
    const asked = () => Promise.reject(new Error('should not be asked'));
    expect(await b!.introspection(parts, () => 5_000, asked)).toEqual({ claims: undefined });
    await a!.decision(
      [...parts, 'orders#read'],
      () => 5_000,
      () => Promise.resolve(true),
    );
    expect(await b!.decision([...parts, 'orders#read'], () => 5_000, asked)).toBe(true);
  });

  it('keeps nothing whose lifetime is under a millisecond (an expired token)', async () => {
    const [a, b] = instances(2);
    await a!.decision(
      parts,
      () => 0,
      () => Promise.resolve(true),
    );
    let calls = 0;
    await b!.decision(
      parts,
      () => 0,
      () => (calls++, Promise.resolve(false)),
    );
    expect(calls).toBe(1);
  });

  it('lets the waiting instances ask for themselves when the asking one fails', async () => {
    const [a, b] = instances(2);
    const failing = a!.decision(
      parts,
      () => 5_000,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('IdP down');
      },
    );
    const waiting = b!.decision(
      parts,
      () => 5_000,
      () => Promise.resolve(true),
    );
    await expect(failing).rejects.toThrow('IdP down');
    expect(await waiting).toBe(true);
  });
});
