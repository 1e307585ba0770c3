import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushNotBefore } from '../src/index.js';
import { startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

/** Keycloak's PUSH_NOT_BEFORE admin action, signed by the realm key. */
async function action(extra: Record<string, unknown> = {}) {
  const kid = fx.realm.keys.jwks().keys.find((k) => k.use === 'sig')!.kid!;
  const now = Math.floor(fx.clock.now() / 1000);
  return fx.realm.sign(
    { alg: 'RS256', typ: 'JWT', kid },
    {
      id: crypto.randomUUID(),
      expiration: now + 30,
      resource: 'orders-api',
      action: 'PUSH_NOT_BEFORE',
      notBefore: now,
      ...extra,
    },
  );
}
const post = (body: string) =>
  new Request('https://api.example/keycloak/k_push_not_before', {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });

describe('pushNotBefore (the Fetch API route for Keycloak not-before pushes)', () => {
  it('applies a push with 204 and no body, and no cache may keep the answer', async () => {
    const verifier = fx.verifier();
    const old = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    fx.clock.advance(1_000);
    const response = await pushNotBefore(verifier, { clientId: 'orders-api' })(
      post(await action()),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('cache-control')).toBe('no-store');
    await expect(verifier.verify(old)).rejects.toMatchObject({ code: 'session_ended' });
    await pushNotBefore(verifier, { clientId: 'orders-api' })(post(await action({ notBefore: 0 })));
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const response = await pushNotBefore(fx.verifier(), { clientId: 'orders-api' })(
      new Request('https://api.example/keycloak/k_push_not_before'),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses a push without an id, and a body too large to read', async () => {
    const push = pushNotBefore(fx.verifier(), { clientId: 'orders-api' });
    const noId = await push(post(await action({ id: '' })));
    expect(noId.status).toBe(400);
    expect(await noId.json()).toMatchObject({
      error_description: 'The not-before push has no "id"',
    });
    const huge = await push(post('x'.repeat(70_000)));
    expect(await huge.json()).toMatchObject({ error_description: 'The request body is too large' });
  });

  it('refuses a body that is not text/plain with 400, as the adapters do', async () => {
    const push = pushNotBefore(fx.verifier(), { clientId: 'orders-api' });
    const json = await push(
      new Request('https://api.example/keycloak/k_push_not_before', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: await action(),
      }),
    );
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The request must be text/plain',
    });
  });

  it('fails fast without a client id', () => {
    expect(() => pushNotBefore(fx.verifier(), { clientId: '' })).toThrow(/clientId is required/);
  });
});
