import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { cachedConfigs, guardConfigOf, MAX_VERIFIERS } from '../../src/adapter/index.js';

const ISSUER = 'https://sso.example.com/realms/acme';
const optionsFor = (tenant: string) => ({ issuer: ISSUER, audience: `${tenant}-api` });

describe('cachedConfigs (options that depend on the request)', () => {
  it('makes one verifier per distinct options, not one per request', () => {
    const configOf = cachedConfigs((tenant: string) => optionsFor(tenant), undefined);
    const a = configOf('orders');
    expect(configOf('orders')).toBe(a);
    expect(configOf('billing').verifier).not.toBe(a.verifier);
  });

  it(`keeps the ${MAX_VERIFIERS} most recently used, dropping the least recently used`, () => {
    const configOf = cachedConfigs((tenant: string) => optionsFor(tenant), undefined);
    const first = configOf('t0');
    for (let i = 1; i <= MAX_VERIFIERS; i++) configOf(`t${i}`);
    expect(configOf('t0')).not.toBe(first);
    const recent = configOf(`t${MAX_VERIFIERS}`);
    expect(configOf(`t${MAX_VERIFIERS}`)).toBe(recent);
  });

  it('tells functions in the options apart by identity, and secrets by their bytes', () => {
    const onEvent = () => undefined;
    const configOf = cachedConfigs(
      (hook: () => void) => ({ ...optionsFor('orders'), onEvent: hook }),
      undefined,
    );
    expect(configOf(onEvent)).toBe(configOf(onEvent));
    expect(configOf(() => undefined)).not.toBe(configOf(onEvent));
    const bySecret = cachedConfigs(
      (secret: Uint8Array) => ({ ...optionsFor('orders'), secret, algorithms: ['HS256' as const] }),
      undefined,
    );
    expect(bySecret(Uint8Array.of(1, 2))).toBe(bySecret(Uint8Array.of(1, 2)));
    expect(bySecret(Uint8Array.of(1, 3))).not.toBe(bySecret(Uint8Array.of(1, 2)));
  });

  it('uses a verifier the function returns as it is', () => {
    const verifier = createVerifier(optionsFor('orders'));
    const configOf = cachedConfigs(() => verifier, { optional: true });
    expect(configOf(undefined)).toMatchObject({ verifier, optional: true });
  });
});

describe('guardConfigOf', () => {
  it('resolves fixed options once for every request', () => {
    const configOf = guardConfigOf<string, never>(optionsFor('orders'));
    expect(configOf('a')).toBe(configOf('b'));
  });
});
