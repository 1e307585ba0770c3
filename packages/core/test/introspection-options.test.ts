import { describe, expect, it } from 'vitest';
import { ConfigurationError, Secret } from '../src/index.js';
import { resolveIntrospection } from '../src/introspection-options.js';

const ISSUER = 'https://sso.example.com/realms/acme';
const OTHER = 'https://sso.example.com/realms/b2b';
const client = { clientId: 'orders-api', clientSecret: 'test-secret' };

describe('resolveIntrospection', () => {
  it('is undefined when introspection is not configured', () => {
    expect(resolveIntrospection(undefined, [ISSUER])).toBeUndefined();
  });

  it('fills in the documented defaults, with the secret wrapped', () => {
    const resolved = resolveIntrospection(client, [ISSUER])!;
    expect(resolved).toMatchObject({
      uses: new Set(['opaque', 'lightweight']),
      maxAge: 30_000,
      negativeMaxAge: 5_000,
      maxConcurrent: 16,
      maxQueued: 1_000,
      issuer: ISSUER,
      completeLightweight: 'eager',
      maxResponseBytes: 65_536,
    });
    expect(resolved.client.authMethod).toBe('client_secret_basic');
    expect(resolved.client.clientSecret).toBeInstanceOf(Secret);
    expect(JSON.stringify(resolved)).not.toContain('test-secret');
  });

  it('takes use as one word or a list', () => {
    expect(resolveIntrospection({ ...client, use: 'always' }, [ISSUER])!.uses).toEqual(
      new Set(['always']),
    );
    expect(resolveIntrospection({ ...client, use: ['opaque', 'always'] }, [ISSUER])!.uses).toEqual(
      new Set(['opaque', 'always']),
    );
  });

  it('needs the issuer named when several are allowed, and only an allowed one', () => {
    expect(() => resolveIntrospection(client, [ISSUER, OTHER])).toThrow(/introspection\.issuer/);
    expect(resolveIntrospection({ ...client, issuer: OTHER }, [ISSUER, OTHER])!.issuer).toBe(OTHER);
    expect(() => resolveIntrospection({ ...client, issuer: 'https://evil' }, [ISSUER])).toThrow(
      ConfigurationError,
    );
  });

  it.each([
    [{ use: 'sometimes' }, /unknown introspection\.use "sometimes"/],
    [{ maxAge: 0 }, /introspection\.maxAge must be a finite number > 0/],
    [{ maxConcurrent: Number.NaN }, /introspection\.maxConcurrent/],
    [{ completeLightweight: 'later' }, /completeLightweight must be "eager"/],
    [{ clientId: '' }, /introspection\.clientId is required/],
  ])('refuses %o with a message that says how to fix it', (extra, message) => {
    expect(() => resolveIntrospection({ ...client, ...(extra as object) }, [ISSUER])).toThrow(
      message,
    );
  });

  it('refuses what is not an object', () => {
    expect(() => resolveIntrospection('yes' as never, [ISSUER])).toThrow(/must be an object/);
  });
});
