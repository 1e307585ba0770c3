import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, Principal, role } from '../../src/index.js';
import { missingGuardError, requirements } from '../../src/adapter/index.js';
import { startRealm, type RealmFixture } from '../helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const request = (token: string) =>
  new Request('https://api.example/admin', { headers: { authorization: `Bearer ${token}` } });

describe('requireX words', () => {
  it('are built from one policy → middleware maker, and serve the Web guard as policies', async () => {
    const { requireRole } = requirements((policy) => policy);
    const guard = createGuard(fx.verifier());
    const alice = await guard(
      request(await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' })),
      requireRole('admin'),
    );
    expect(alice).toBeInstanceOf(Principal);
    const bob = await guard(
      request(await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' })),
      requireRole('admin'),
    );
    expect(bob).toBeInstanceOf(Response);
    expect((bob as Response).status).toBe(403);
  });

  it('are the core policies with the same descriptions', () => {
    const words = requirements((policy) => policy);
    expect(words.requireRole('admin', 'orders-api:editor').description).toBe(
      role('admin', 'orders-api:editor').description,
    );
    expect(words.requireScope('orders:read').description).toBe('Requires scope "orders:read"');
    expect(words.requirePermission('orders#read').description).toBe(
      'Requires permission "orders#read"',
    );
    const policy = role('admin');
    expect(words.requirePolicy(policy)).toBe(policy);
  });

  it('build every adapter word from one policy → middleware maker', () => {
    const made: string[] = [];
    const words = requirements((policy) => made.push(policy.description));
    words.requireRole('admin');
    words.requireScope('a');
    words.requirePermission('doc#read');
    words.requirePolicy(role('x'));
    expect(made).toEqual([
      'Requires realm role "admin"',
      'Requires scope "a"',
      'Requires permission "doc#read"',
      'Requires realm role "x"',
    ]);
  });

  it('name the wiring mistake of a requireX without realmguard()', () => {
    expect(missingGuardError().message).toMatch(/found no realmguard\(\) on this request/);
  });
});
