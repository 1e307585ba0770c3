import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permission } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const bob = () => fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
const alice = () => fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });

describe('Keycloak Authorization Services (UMA) decisions', () => {
  it('allows a permission Keycloak grants and denies one it does not, with a 403', async () => {
    const verifier = fx.verifier();
    const principal = await verifier.verify(await bob());
    await expect(
      Promise.resolve(permission('orders#read').check(principal)),
    ).resolves.toBeUndefined();
    const error = await rejection(Promise.resolve(permission('orders#cancel').check(principal)));
    expect(error.status).toBe(403);
    expect(error.code).toBe('missing_permission');
    expect(error.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'Requires permission "orders#cancel"',
    });
  });

  it('checkPermission() throws 403 on denial and resolves on a grant', async () => {
    const verifier = fx.verifier();
    await expect(verifier.checkPermission(await alice(), 'orders#cancel')).resolves.toBeUndefined();
    expect((await rejection(verifier.checkPermission(await bob(), 'orders#cancel'))).status).toBe(
      403,
    );
  });

  it('caches decisions per token and permission', async () => {
    const verifier = fx.verifier();
    const token = await bob();
    fx.realm.counters.reset();
    await verifier.checkPermission(token, 'orders#read');
    await verifier.checkPermission(token, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(1);
    await rejection(verifier.checkPermission(token, 'orders#cancel'));
    await rejection(verifier.checkPermission(token, 'orders#cancel'));
    expect(fx.realm.counters.get('token')).toBe(2);
    const other = await bob();
    await verifier.checkPermission(other, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(3);
  });

  it('never reuses a decision beyond the decision TTL', async () => {
    const verifier = fx.verifier({ uma: { cacheTtl: 5_000 } });
    const token = await bob();
    fx.realm.counters.reset();
    await verifier.checkPermission(token, 'orders#read');
    fx.clock.advance(5_001);
    await verifier.checkPermission(token, 'orders#read');
    expect(fx.realm.counters.get('token')).toBe(2);
  });

  it('lists granted permissions', async () => {
    const permissions = await fx.verifier().permissions(await bob());
    expect(permissions).toEqual([expect.objectContaining({ rsname: 'orders', scopes: ['read'] })]);
  });

  it('answers 401 when Keycloak no longer accepts the token', async () => {
    const verifier = fx.verifier();
    const token = await fx.realm.accessToken({
      user: 'bob',
      client: 'orders-web-mapped',
      sid: 'uma-session',
    });
    const principal = await verifier.verify(token);
    fx.realm.sessions.logout('uma-session');
    const error = await rejection(principal.hasPermission('orders#read'));
    expect(error.status).toBe(401);
    expect(error.code).toBe('token_inactive');
    expect(error.headers['www-authenticate']).toContain('realm="acme"');
  });

  it('answers 503 when the token endpoint is down', async () => {
    fx.realm.faults.set('token', { type: 'status', status: 502, once: true });
    const error = await rejection(fx.verifier().checkPermission(await bob(), 'orders#read'));
    expect(error.status).toBe(503);
  });
});

describe('userinfo', () => {
  it('fetches the userinfo of the token once', async () => {
    const verifier = fx.verifier();
    const principal = await verifier.verify(
      await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web-mapped',
        scope: 'openid email',
      }),
    );
    fx.realm.counters.reset();
    const info = await principal.userinfo();
    expect(info.sub).toBe(fx.realm.user('alice').id);
    expect(info.preferred_username).toBe('alice');
    await principal.userinfo();
    expect(fx.realm.counters.get('userinfo')).toBe(1);
  });

  it('maps Keycloak 403 for a token without openid to insufficient_scope', async () => {
    const principal = await fx.verifier().verify(await alice());
    const error = await rejection(principal.userinfo());
    expect(error.status).toBe(403);
    expect(error.scope).toBe('openid');
  });

  it('maps Keycloak 401 for a revoked token to invalid_token', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      scope: 'openid',
    });
    const principal = await fx.verifier().verify(token);
    fx.realm.revoke(token);
    expect((await rejection(principal.userinfo())).code).toBe('token_inactive');
  });
});
