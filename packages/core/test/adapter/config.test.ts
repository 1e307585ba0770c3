import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardConfig, guardConfigOf, isVerifier, requestGuard } from '../../src/adapter/index.js';
import type { VerifierOptions } from '../../src/index.js';
import { startRealm, type RealmFixture } from '../helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

describe('guardConfig', () => {
  it('creates a verifier from options, or shares the one it is given', () => {
    const verifier = fx.verifier();
    expect(isVerifier(verifier)).toBe(true);
    expect(isVerifier({ issuer: fx.realm.issuer, audience: 'orders-api' })).toBe(false);
    expect(guardConfig(verifier).verifier).toBe(verifier);
    const created = guardConfig({
      issuer: fx.realm.issuer,
      audience: 'orders-api',
      optional: true,
    });
    expect(isVerifier(created.verifier)).toBe(true);
    expect(created.optional).toBe(true);
  });

  it('lets the second argument override the inline adapter options', () => {
    const onError = () => undefined;
    const config = guardConfig(
      { issuer: fx.realm.issuer, audience: 'orders-api', optional: true },
      { optional: false, onError },
    );
    expect(config.optional).toBe(false);
    expect(config.onError).toBe(onError);
  });

  it('fails fast on bad verifier options', () => {
    expect(() => guardConfig({ issuer: 'not a url', audience: 'orders-api' })).toThrow(
      /absolute URL/,
    );
  });
});

describe('requestGuard', () => {
  it('remembers the first guard on a request object and hands it to later middleware', () => {
    const first = guardConfig({ issuer: 'https://sso.example.com/realms/acme', audience: 'a' });
    const second = guardConfig(first.verifier, { optional: true });
    const req = {};
    expect(requestGuard(req, undefined)).toBeUndefined();
    expect(requestGuard(req, first)).toBe(first);
    expect(requestGuard(req, second)).toBe(second);
    expect(requestGuard(req, undefined)).toBe(first);
    expect(Object.keys(req)).toEqual([]);
  });
});

describe('guardConfigOf', () => {
  it('resolves fixed options once, and options of the request once per distinct options', () => {
    const fixed = guardConfigOf<{ audience: string }, never>({
      issuer: fx.realm.issuer,
      audience: 'orders-api',
    });
    expect(fixed({ audience: 'a' })).toBe(fixed({ audience: 'b' }));
    const perRequest = guardConfigOf<{ audience: string }, never>(
      ({ audience }): VerifierOptions => ({ issuer: fx.realm.issuer, audience }),
    );
    const a = perRequest({ audience: 'a' });
    expect(perRequest({ audience: 'a' })).toBe(a);
    expect(perRequest({ audience: 'b' })).not.toBe(a);
    const shared = fx.verifier();
    expect(guardConfigOf<object, never>(() => shared)({}).verifier).toBe(shared);
  });
});
