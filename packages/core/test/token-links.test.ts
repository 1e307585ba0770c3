import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

describe("a principal's links to the verifier (userinfo, UMA, completion)", () => {
  it("answer in the verifier's realm, as its own errors do, and are reported", async () => {
    const verifier = fx.verifier({ realm: 'orders' });
    const principal = await verifier.verify(
      await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' }),
    );
    fx.events.length = 0;
    const error = await rejection(principal.userinfo());
    expect(error.code).toBe('missing_scope');
    expect(error.headers['www-authenticate']).toMatch(/^Bearer realm="orders", /);
    expect(fx.events).toContainEqual({ type: 'verification_failed', code: 'missing_scope' });
  });

  it('ask about the token of their own principal, which they never show', async () => {
    const verifier = fx.verifier();
    const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const principal = await verifier.verify(token);
    expect(await principal.hasPermission('orders#read')).toBe(true);
    expect(JSON.stringify(principal)).not.toContain(token);
  });

  it("complete a lightweight token's principal from introspection, errors in the realm too", async () => {
    const verifier = fx.verifier({ realm: 'orders' });
    const token = await fx.realm.accessToken({
      user: 'bob',
      client: 'orders-web-mapped',
      lightweight: true,
      claims: { aud: 'orders-api' },
    });
    const principal = await verifier.verify(token);
    const error = await rejection(principal.complete());
    expect(error.code).toBe('lightweight_token');
    expect(error.headers['www-authenticate']).toMatch(/^Bearer realm="orders", /);
  });
});
