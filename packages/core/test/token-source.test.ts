import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenSource, createVerifier, type TokenSourceOptions } from '../src/index.js';
import { startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const source = (extra: Partial<TokenSourceOptions> = {}) =>
  createTokenSource({
    issuer: fx.realm.issuer,
    clientId: 'billing-worker',
    clientSecret: fx.realm.client('billing-worker').secret!,
    now: fx.clock.now,
    ...extra,
  });

describe('service tokens (client_credentials)', () => {
  it('returns an access token for the service account that a verifier accepts', async () => {
    const token = await source().token();
    const principal = await createVerifier({
      issuer: fx.realm.issuer,
      audience: false,
      now: fx.clock.now,
    }).verify(token);
    expect(principal.username).toBe('service-account-billing-worker');
  });

  it('caches the token and shares one request among concurrent callers', async () => {
    const tokens = source();
    fx.realm.counters.reset();
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.token()));
    expect(new Set(results).size).toBe(1);
    expect(await tokens.token()).toBe(results[0]);
    expect(fx.realm.counters.get('token')).toBe(1);
  });

  it('refreshes 30 seconds before expiry', async () => {
    const tokens = source();
    const first = await tokens.token();
    fx.clock.advance(269_000);
    expect(await tokens.token()).toBe(first);
    fx.clock.advance(2_000);
    expect(await tokens.token()).not.toBe(first);
  });

  it('retries with backoff on 5xx', async () => {
    const tokens = source();
    await tokens.token(); // discovery cached
    tokens.invalidate();
    fx.realm.counters.reset();
    fx.realm.faults.set('token', { type: 'status', status: 503, once: true });
    await expect(tokens.token()).resolves.toBeDefined();
    expect(fx.realm.counters.get('token')).toBe(2);
  });

  it('gives up after the retries with a 503', async () => {
    const tokens = source({ retries: 2 });
    await tokens.token();
    tokens.invalidate();
    fx.realm.faults.set('token', { type: 'refuse' });
    await expect(tokens.token()).rejects.toMatchObject({ status: 503 });
  });

  it('does not retry refused credentials', async () => {
    fx.realm.counters.reset();
    await expect(source({ clientSecret: 'wrong' }).token()).rejects.toThrow(
      /invalid_client|unauthorized_client/,
    );
    expect(fx.realm.counters.get('token')).toBe(1);
  });

  it('names the OAuth error of a refusal, and echoes nothing else the endpoint says', async () => {
    const refuse = (error: string) =>
      fx.realm.faults.set('token', {
        type: 'status',
        status: 400,
        body: JSON.stringify({ error }),
        once: true,
      });
    refuse('invalid_client');
    await expect(source().token()).rejects.toThrow('refused the client (invalid_client)');
    refuse('echo "client_secret=…"\nfrom a proxy');
    await expect(source().token()).rejects.toThrow('refused the client (HTTP 400)');
  });

  it('invalidate() fetches a new token on the next call', async () => {
    const tokens = source();
    const first = await tokens.token();
    tokens.invalidate();
    expect(await tokens.token()).not.toBe(first);
  });

  it('authenticates with client_secret_post too', async () => {
    await expect(source({ authMethod: 'client_secret_post' }).token()).resolves.toMatch(/^eyJ/);
  });
});
