import { describe, expect, it } from 'vitest';
import { AuthError, allOf, anyOf, claim, Principal, role, scope } from '../src/index.js';

const alice = new Principal({
  exp: 1_900_000_000,
  realm_access: { roles: ['admin'] },
  resource_access: { 'orders-api': { roles: ['editor'] } },
  scope: 'email orders:read',
  email_verified: true,
  tenant: 'eu-1',
});

async function denial(run: () => unknown): Promise<AuthError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected a denial');
}

describe('policies', () => {
  it('role() passes with the realm or client role and names the missing role in a 403', async () => {
    await expect(Promise.resolve(role('admin').check(alice))).resolves.toBeUndefined();
    await expect(
      Promise.resolve(role('orders-api:editor', 'realm:admin').check(alice)),
    ).resolves.toBeUndefined();
    const error = await denial(() => role('orders-api:admin').check(alice));
    expect(error.status).toBe(403);
    expect(error.code).toBe('missing_role');
    expect(error.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'Requires client role "orders-api:admin"',
    });
  });

  it('role() with several roles requires all of them', async () => {
    const error = await denial(() => role('admin', 'auditor').check(alice));
    expect(error.description).toBe('Requires realm role "admin" and realm role "auditor"');
  });

  it('scope() requires every scope and puts them in the challenge', async () => {
    await expect(Promise.resolve(scope('orders:read email').check(alice))).resolves.toBeUndefined();
    const error = await denial(() => scope('orders:read', 'orders:write').check(alice));
    expect(error.code).toBe('missing_scope');
    expect(error.headers['www-authenticate']).toContain('scope="orders:read orders:write"');
  });

  it('claim() tests a value or a predicate without echoing the claim value', async () => {
    await expect(
      Promise.resolve(claim('email_verified', true).check(alice)),
    ).resolves.toBeUndefined();
    await expect(
      Promise.resolve(
        claim('tenant', (v) => typeof v === 'string' && v.startsWith('eu-')).check(alice),
      ),
    ).resolves.toBeUndefined();
    const error = await denial(() => claim('tenant', 'us-1').check(alice));
    expect(error.code).toBe('claim_mismatch');
    expect(error.description).not.toContain('eu-1');
  });

  it('allOf() requires every policy and anyOf() one of them', async () => {
    await expect(allOf(role('admin'), scope('email')).check(alice)).resolves.toBeUndefined();
    expect((await denial(() => allOf(role('admin'), scope('nope')).check(alice))).code).toBe(
      'missing_scope',
    );
    await expect(anyOf(role('nope'), scope('email')).check(alice)).resolves.toBeUndefined();
    const error = await denial(() => anyOf(role('nope'), scope('nope:read')).check(alice));
    expect(error.code).toBe('policy_denied');
    expect(error.description).toBe(
      'Requires one of: Requires realm role "nope" | Requires scope "nope:read"',
    );
    expect(error.scope).toBe('nope:read');
  });

  it('refuses empty requirements at construction', () => {
    expect(() => role()).toThrow(TypeError);
    expect(() => scope(' ')).toThrow(TypeError);
    expect(() => anyOf()).toThrow(TypeError);
  });
});
