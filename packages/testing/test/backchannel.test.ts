import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestKeycloak, type TestRealm } from '../src/index.js';

// The test realm sends what Keycloak sends behind the user's back: back-channel logout tokens to
// each client's Backchannel logout URL when a session ends, and PUSH_NOT_BEFORE admin actions to
// each client's Admin URL.

interface Received {
  url: string;
  contentType: string | null;
  body: string;
}

async function realmWithReceiver(
  status = 200,
): Promise<{ realm: TestRealm; received: Received[] }> {
  const realm = await createTestKeycloak().createRealm();
  const received: Received[] = [];
  realm.backchannel.fetch = async (input, init) => {
    const request = new Request(input, init);
    received.push({
      url: request.url,
      contentType: request.headers.get('content-type'),
      body: await request.text(),
    });
    return new Response(null, { status });
  };
  return { realm, received };
}

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe('test realm back-channel logout sender', () => {
  it("POSTs a Keycloak logout token to each of the session's clients when the session ends", async () => {
    const { realm, received } = await realmWithReceiver();
    realm.client('orders-web').backchannelLogoutUrl = 'http://api.test/backchannel-logout';
    const sid = 'session-1';
    await realm.accessToken({ user: 'alice', client: 'orders-web', sid });
    await realm.accessToken({ user: 'alice', client: 'orders-web-mapped', sid });
    realm.sessions.logout(sid);
    const deliveries = await realm.backchannel.settled();
    expect(deliveries).toEqual([
      {
        kind: 'logout',
        clientId: 'orders-web',
        url: 'http://api.test/backchannel-logout',
        status: 200,
      },
    ]);
    expect(received).toHaveLength(1);
    expect(received[0]!.contentType).toBe('application/x-www-form-urlencoded');
    const token = new URLSearchParams(received[0]!.body).get('logout_token')!;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'logout+jwt' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: realm.issuer,
      aud: 'orders-web',
      sub: realm.user('alice').id,
      sid,
      typ: 'Logout',
      events: { [EVENT]: {} },
    });
    expect(claims.exp).toBe(claims.iat! + 120);
    // Ending an ended session sends nothing more.
    realm.sessions.logout(sid);
    expect(await realm.backchannel.settled()).toHaveLength(1);
  });

  it('leaves sid out when "Backchannel logout session required" is off, and marks revoke_offline_access', async () => {
    const { realm, received } = await realmWithReceiver();
    const client = realm.client('orders-web');
    client.backchannelLogoutUrl = 'http://api.test/logout';
    client.backchannelLogoutSessionRequired = false;
    client.backchannelLogoutRevokeOfflineSessions = true;
    await realm.accessToken({ user: 'bob', client: 'orders-web', sid: 's-2' });
    realm.sessions.logoutUser('bob');
    await realm.backchannel.settled();
    const claims = decodeJwt(new URLSearchParams(received[0]!.body).get('logout_token')!);
    expect(claims.sid).toBeUndefined();
    expect(claims.sub).toBe(realm.user('bob').id);
    expect(claims.events).toEqual({ [EVENT]: {}, revoke_offline_access: true });
  });

  it('records a failed delivery (Keycloak logs it and goes on)', async () => {
    const realm = await createTestKeycloak().createRealm();
    realm.backchannel.fetch = () => Promise.reject(new TypeError('fetch failed'));
    realm.client('orders-web').backchannelLogoutUrl = 'http://127.0.0.1:1/logout';
    await realm.accessToken({ user: 'alice', client: 'orders-web', sid: 's-3' });
    realm.sessions.logout('s-3');
    const [delivery] = await realm.backchannel.settled();
    expect(delivery).toMatchObject({ status: undefined, error: 'fetch failed' });
  });
});

describe('test realm not-before push', () => {
  it('POSTs a signed PUSH_NOT_BEFORE action as text/plain to {adminUrl}/k_push_not_before', async () => {
    const { realm, received } = await realmWithReceiver(204);
    realm.client('orders-api').adminUrl = 'http://api.test/keycloak/';
    const deliveries = await realm.pushNotBefore({ notBefore: 1_800_000_000 });
    expect(deliveries).toEqual([
      {
        kind: 'push-not-before',
        clientId: 'orders-api',
        url: 'http://api.test/keycloak/k_push_not_before',
        status: 204,
      },
    ]);
    expect(received[0]!.contentType).toBe('text/plain');
    const action = received[0]!.body;
    const kid = realm.keys.jwks().keys.find((k) => k.use === 'sig')!.kid;
    expect(decodeProtectedHeader(action)).toEqual({ alg: 'RS256', typ: 'JWT', kid });
    const payload = decodeJwt(action);
    expect(Object.keys(payload)).toEqual(['id', 'expiration', 'resource', 'action', 'notBefore']);
    expect(payload).toMatchObject({
      resource: 'orders-api',
      action: 'PUSH_NOT_BEFORE',
      notBefore: 1_800_000_000,
    });
    expect(realm.backchannel.notBefore).toBe(1_800_000_000);
  });
});
