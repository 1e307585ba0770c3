import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKCHANNEL_LOGOUT_EVENT, verifyLogoutToken } from '../src/logout-token.js';
import { ReceiverError } from '../src/receiver-jws.js';
import { internalsOf } from '../src/verifier-internals.js';
import { startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const verify = (token: string, clients = ['orders-web']) =>
  verifyLogoutToken(token, internalsOf(fx.verifier({ audience: false })), clients);

async function refusal(token: string, clients?: string[]): Promise<string> {
  const error = await verify(token, clients).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ReceiverError)) throw new Error('expected a ReceiverError');
  return error.description;
}

describe('verifyLogoutToken (OIDC Back-Channel Logout 1.0 §2.6)', () => {
  it('gives the issuer, session, user and jti of a Keycloak logout token, valid until its exp', async () => {
    const token = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web', sid: 's-1' });
    const claims = await verify(token);
    const now = Math.floor(fx.clock.now() / 1000);
    expect(claims).toMatchObject({
      issuer: fx.realm.issuer,
      sid: 's-1',
      sub: fx.realm.user('alice').id,
      iat: now,
      validUntil: now + 120,
    });
    expect(claims.jti).toEqual(expect.any(String));
  });

  it('is addressed to one of the client ids', async () => {
    const token = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web' });
    expect(await refusal(token, ['billing-web'])).toMatch(/not addressed to this client/);
    await expect(verify(token, ['billing-web', 'orders-web'])).resolves.toBeDefined();
  });

  it('needs the back-channel logout event, and no nonce', async () => {
    const noEvent = await fx.realm.logoutToken({
      user: 'alice',
      client: 'orders-web',
      claims: { events: {} },
    });
    expect(await refusal(noEvent)).toMatch(/event/);
    const withNonce = await fx.realm.logoutToken({
      user: 'alice',
      client: 'orders-web',
      claims: { nonce: 'n', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } },
    });
    expect(await refusal(withNonce)).toMatch(/nonce/);
  });

  it('refuses an access token posted as a logout token, by its header type', async () => {
    const access = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    expect(await refusal(access)).toMatch(/header type is not "logout\+jwt"/);
  });

  it('refuses an expired logout token, and one issued in the future', async () => {
    const now = Math.floor(fx.clock.now() / 1000);
    const expired = await fx.realm.logoutToken({
      user: 'alice',
      client: 'orders-web',
      claims: { iat: now - 300, exp: now - 180 },
    });
    expect(await refusal(expired)).toMatch(/expired/);
    const future = await fx.realm.logoutToken({
      user: 'alice',
      client: 'orders-web',
      claims: { iat: now + 60, exp: now + 180 },
    });
    expect(await refusal(future)).toMatch(/in the future/);
  });
});
