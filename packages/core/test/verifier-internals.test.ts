import { describe, expect, it } from 'vitest';
import { ConfigurationError, createVerifier } from '../src/index.js';
import { internalsOf, registerInternals } from '../src/verifier-internals.js';

describe('verifier internals', () => {
  it('are known for a verifier made by createVerifier, and hidden from its public shape', () => {
    const verifier = createVerifier({
      issuer: 'https://sso.example.com/realms/acme',
      audience: 'orders-api',
    });
    expect(internalsOf(verifier).options).toBe(verifier.options);
    expect(Object.keys(verifier)).not.toContain('keys');
  });

  it('are refused, with the fix, for an object that only looks like a verifier', () => {
    expect(() => internalsOf({ verify: () => undefined })).toThrow(ConfigurationError);
    expect(() => internalsOf({})).toThrow(/pass the verifier made by createVerifier/);
  });

  it('are registered on the verifier object itself', () => {
    const verifier = {};
    const internals = {} as Parameters<typeof registerInternals>[1];
    expect(registerInternals(verifier, internals)).toBe(verifier);
    expect(internalsOf(verifier)).toBe(internals);
  });
});
