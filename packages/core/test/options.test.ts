import { describe, expect, it } from 'vitest';
import { ConfigurationError, createVerifier, type VerifierOptions } from '../src/index.js';

const issuer = 'https://sso.example.com/realms/acme';
const make = (options: Partial<VerifierOptions>) => () =>
  createVerifier({ issuer, audience: 'orders-api', ...options });

describe('options', () => {
  it('rejects a missing issuer with a message that shows an example', () => {
    expect(() => createVerifier({ audience: 'x' } as unknown as VerifierOptions)).toThrow(
      /issuer is required.*realms\/acme/,
    );
  });

  it('rejects an issuer that is not an absolute http(s) URL', () => {
    expect(make({ issuer: 'sso.example.com/realms/acme' })).toThrow(ConfigurationError);
    expect(make({ issuer: 'ftp://sso.example.com/realms/acme' })).toThrow(/http\(s\)/);
    expect(make({ issuer: [] })).toThrow(/non-empty/);
  });

  it('requires audience to be set or explicitly false', () => {
    expect(() => createVerifier({ issuer } as VerifierOptions)).toThrow(
      /audience is required.*audience: false/,
    );
    expect(() => createVerifier({ issuer, audience: false })).not.toThrow();
    expect(make({ audience: [] })).toThrow(/audience/);
  });

  it('refuses HMAC algorithms without a shared secret', () => {
    expect(make({ algorithms: ['RS256', 'HS256'] })).toThrow(/HS256 needs a shared secret/);
    expect(
      make({ algorithms: ['HS256'], secret: 'a-long-shared-secret-for-tests-only!!' }),
    ).not.toThrow();
  });

  it('never allows the none algorithm', () => {
    expect(make({ algorithms: ['none' as never] })).toThrow(/"none" algorithm is never allowed/);
    expect(make({ algorithms: ['RS256', 'none' as never], secret: 'x' })).toThrow(/never allowed/);
  });

  it('rejects unknown algorithms and an empty list', () => {
    expect(make({ algorithms: ['RS1' as never] })).toThrow(/unsupported algorithm "RS1"/);
    expect(make({ algorithms: [] })).toThrow(/non-empty/);
  });

  it('rejects bad durations', () => {
    expect(make({ clockTolerance: Number.NaN })).toThrow(/clockTolerance must be a finite number/);
    expect(make({ clockTolerance: -1 })).toThrow(/clockTolerance/);
    expect(make({ timeout: 0 })).toThrow(/timeout/);
    expect(make({ keys: { cooldown: Number.POSITIVE_INFINITY } })).toThrow(/keys.cooldown/);
    expect(make({ cache: { maxEntries: 0 } })).toThrow(/cache.maxEntries/);
    expect(make({ maxTokenLength: '1' as unknown as number })).toThrow(/maxTokenLength/);
  });

  it('refuses acceptAuthorizedParty without an audience to compare', () => {
    expect(make({ audience: false, acceptAuthorizedParty: true })).toThrow(/acceptAuthorizedParty/);
  });

  it('fills in documented defaults', () => {
    const { options } = createVerifier({ issuer, audience: 'orders-api' });
    expect(options).toMatchObject({
      issuers: [issuer],
      audiences: ['orders-api'],
      acceptAuthorizedParty: false,
      clockTolerance: 10,
      realm: 'acme',
      maxTokenLength: 16384,
      timeout: 5000,
      keysMaxAge: 600_000,
      keysCooldown: 5_000, // issue 9 item 7: was 30 s
      keysStaleWindow: 86_400_000,
      cache: { maxEntries: 10_000 },
    });
    expect(options.algorithms).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
      'ES256',
      'ES384',
      'ES512',
      'EdDSA',
    ]);
  });

  it('uses "api" as the challenge realm when several issuers are allowed', () => {
    const { options } = createVerifier({
      issuer: [issuer, 'https://sso.example.com/realms/b2b'],
      audience: false,
    });
    expect(options.realm).toBe('api');
  });
});
