import { describe, expect, it } from 'vitest';
import { withCurrentNames } from '../src/option-aliases.js';
import { ConfigurationError, createVerifier, type VerifierOptions } from '../src/index.js';

const base: VerifierOptions = {
  issuer: 'https://sso.example.com/realms/acme',
  audience: 'orders-api',
};
const introspection = { clientId: 'orders-api', clientSecret: 'test-secret' };

describe('cache lifetimes are all called maxAge', () => {
  it('resolves the deprecated discovery.ttl, introspection.cacheTtl/negativeCacheTtl and uma.cacheTtl', () => {
    const { options } = createVerifier({
      ...base,
      discovery: { ttl: 60_000 },
      introspection: { ...introspection, cacheTtl: 10_000, negativeCacheTtl: 2_000 },
      uma: { cacheTtl: 5_000 },
    });
    expect(options.discoveryMaxAge).toBe(60_000);
    expect(options.introspection).toMatchObject({ maxAge: 10_000, negativeMaxAge: 2_000 });
    expect(options.uma.maxAge).toBe(5_000);
  });

  it("takes today's names", () => {
    const { options } = createVerifier({
      ...base,
      discovery: { maxAge: 60_000 },
      introspection: { ...introspection, maxAge: 10_000, negativeMaxAge: 2_000 },
      uma: { maxAge: 5_000 },
    });
    expect(options.discoveryMaxAge).toBe(60_000);
    expect(options.introspection).toMatchObject({ maxAge: 10_000, negativeMaxAge: 2_000 });
    expect(options.uma.maxAge).toBe(5_000);
  });

  it('keeps the defaults when neither name is given', () => {
    const { options } = createVerifier({ ...base, introspection });
    expect(options.discoveryMaxAge).toBe(3_600_000);
    expect(options.introspection).toMatchObject({ maxAge: 30_000, negativeMaxAge: 5_000 });
    expect(options.uma.maxAge).toBe(30_000);
  });

  it('fails fast when an old and a new name disagree, naming both', () => {
    expect(() => createVerifier({ ...base, uma: { maxAge: 5_000, cacheTtl: 6_000 } })).toThrow(
      ConfigurationError,
    );
    expect(() =>
      createVerifier({ ...base, introspection: { ...introspection, maxAge: 1, cacheTtl: 2 } }),
    ).toThrow(/introspection\.cacheTtl is the deprecated name of introspection\.maxAge/);
    expect(() => createVerifier({ ...base, discovery: { maxAge: 1, ttl: 2 } })).toThrow(
      /discovery\.ttl/,
    );
  });

  it('accepts an old and a new name that agree', () => {
    const { options } = createVerifier({ ...base, uma: { maxAge: 5_000, cacheTtl: 5_000 } });
    expect(options.uma.maxAge).toBe(5_000);
  });

  it('validates a deprecated name like the new one', () => {
    expect(() => createVerifier({ ...base, uma: { cacheTtl: -1 } })).toThrow(/uma\.maxAge/);
    expect(() =>
      createVerifier({ ...base, introspection: { ...introspection, negativeCacheTtl: 0 } }),
    ).toThrow(/introspection\.negativeMaxAge/);
  });
});

describe('withCurrentNames', () => {
  it('returns the options themselves when no deprecated name is used', () => {
    const options = { ...base, discovery: { maxAge: 1 }, introspection, uma: { maxAge: 1 } };
    expect(withCurrentNames(options)).toBe(options);
  });

  it('never changes the options it is given', () => {
    const options = { ...base, uma: { cacheTtl: 5_000, audience: 'billing-api' } };
    const renamed = withCurrentNames(options);
    expect(renamed.uma).toEqual({ maxAge: 5_000, audience: 'billing-api' });
    expect(options.uma).toEqual({ cacheTtl: 5_000, audience: 'billing-api' });
  });

  it('leaves what is not an object to validation', () => {
    expect(withCurrentNames(null as never)).toBeNull();
  });
});
