import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backchannelLogout, pushNotBefore, type Verifier } from '../src/index.js';
import { startRealm, type RealmFixture } from './helpers.js';

// End to end with the test realm as the sender: a session ending in the realm (user logout,
// admin removal, admin "Sign out") and a not-before push reach the Web receivers, which revoke.

let fx: RealmFixture;
let verifier: Verifier;

beforeAll(async () => {
  fx = await startRealm();
  verifier = fx.verifier({ audience: 'orders-api', acceptAuthorizedParty: true });
  const logout = backchannelLogout(verifier, { clientId: 'orders-web' });
  const push = pushNotBefore(verifier, { clientId: 'orders-api' });
  fx.realm.client('orders-web').backchannelLogoutUrl = 'http://api.test/backchannel-logout';
  fx.realm.client('orders-api').adminUrl = 'http://api.test/keycloak';
  fx.realm.backchannel.fetch = (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    if (path === '/backchannel-logout') return logout(request);
    if (path === '/keycloak/k_push_not_before') return push(request);
    return Promise.resolve(new Response(null, { status: 404 }));
  };
});
afterAll(() => fx.close());

const code = (token: string) =>
  verifier.verify(token).then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

describe('revocations sent by the test realm', () => {
  it('a user logout in the realm revokes that session only', async () => {
    const sid = crypto.randomUUID();
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web', sid });
    const other = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    expect(await code(token)).toBe('ok');
    fx.realm.sessions.logout(sid);
    const deliveries = await fx.realm.backchannel.settled();
    expect(deliveries.at(-1)).toMatchObject({ kind: 'logout', status: 200 });
    expect(await code(token)).toBe('session_ended');
    expect(await code(other)).toBe('ok');
  });

  it('without "Backchannel logout session required", the sub-only logout revokes the user tokens', async () => {
    fx.realm.client('orders-web').backchannelLogoutSessionRequired = false;
    try {
      const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web' });
      fx.realm.sessions.logoutUser('bob');
      expect((await fx.realm.backchannel.settled()).at(-1)).toMatchObject({ status: 200 });
      expect(await code(token)).toBe('session_ended');
    } finally {
      fx.realm.client('orders-web').backchannelLogoutSessionRequired = true;
    }
  });

  it('a not-before push revokes every token issued before it', async () => {
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    fx.clock.advance(1_000);
    const [delivery] = await fx.realm.pushNotBefore();
    expect(delivery).toMatchObject({ kind: 'push-not-before', status: 204 });
    expect(await code(token)).toBe('session_ended');
    expect(await code(await fx.realm.accessToken({ user: 'alice', client: 'orders-web' }))).toBe(
      'ok',
    );
  });
});
