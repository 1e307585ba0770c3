import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  createMemoryStore,
  handleBackchannelLogout,
  handlePushNotBefore,
  type SharedStore,
  type Verifier,
  type VerifierEvent,
} from '../src/index.js';
import { startRealm, type RealmFixture } from './helpers.js';

// What a revocation does to the tokens it names: sid logouts, sub-only logouts and not-before
// pushes reject on every verifier that shares the store, from the token cache too, until exp.

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const api = (overrides: Parameters<RealmFixture['verifier']>[0] = {}): Verifier =>
  fx.verifier({ audience: 'orders-api', acceptAuthorizedParty: true, ...overrides });

async function logout(verifier: Verifier, claims: Record<string, unknown>, sid?: string) {
  const token = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web', sid, claims });
  const answer = await handleBackchannelLogout(
    verifier,
    { clientId: 'orders-web' },
    { logout_token: token },
  );
  expect(answer.status).toBe(200);
}

async function refusal(verifier: Verifier, token: string): Promise<AuthError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

async function pushNotBefore(verifier: Verifier, notBefore: number) {
  const kid = fx.realm.keys.jwks().keys.find((k) => k.use === 'sig')!.kid!;
  const now = Math.floor(fx.clock.now() / 1000);
  const action = await fx.realm.sign(
    { alg: 'RS256', typ: 'JWT', kid },
    {
      id: crypto.randomUUID(),
      expiration: now + 30,
      resource: 'orders-api',
      action: 'PUSH_NOT_BEFORE',
      notBefore,
    },
  );
  return handlePushNotBefore(verifier, { clientId: 'orders-api' }, action);
}

describe('revocation: back-channel logout and not-before', () => {
  it('rejects every token of a logged-out session with 401 "session ended", from the cache too', async () => {
    const verifier = api();
    const sid = crypto.randomUUID();
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web', sid });
    const other = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    await verifier.verify(token); // now cached
    expect(verifier.cached({ headers: { authorization: `Bearer ${token}` } })).toBeDefined();
    await logout(verifier, {}, sid);
    const error = await refusal(verifier, token);
    expect(error.status).toBe(401);
    expect(error.error).toBe('invalid_token');
    expect(error.code).toBe('session_ended');
    expect(error.description).toMatch(/session .* has ended/);
    expect(error.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(verifier.cached({ headers: { authorization: `Bearer ${token}` } })).toBeUndefined();
    // A second token of the same session, never seen before, is refused as well.
    const sibling = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped', sid });
    expect((await refusal(verifier, sibling)).code).toBe('session_ended');
    // Another session of the same user is untouched.
    expect((await verifier.verify(other)).username).toBe('alice');
  });

  it('a sub-only logout rejects the user tokens issued until then, not later logins or other users', async () => {
    const verifier = api();
    const before = await fx.realm.accessToken({ user: 'bob', client: 'orders-web' });
    const alice = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    await verifier.verify(before);
    const token = await fx.realm.logoutToken({
      user: 'bob',
      client: 'orders-web',
      claims: { sid: undefined },
    });
    const answer = await handleBackchannelLogout(
      verifier,
      { clientId: 'orders-web' },
      { logout_token: token },
    );
    expect(answer.status).toBe(200);
    expect((await refusal(verifier, before)).code).toBe('session_ended');
    await verifier.verify(alice);
    fx.clock.advance(1_000);
    const after = await fx.realm.accessToken({ user: 'bob', client: 'orders-web' });
    expect((await verifier.verify(after)).username).toBe('bob');
  });

  it('a not-before push rejects tokens issued before it; a later one, or notBefore 0, lifts it', async () => {
    const verifier = api();
    const old = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    await verifier.verify(old);
    fx.clock.advance(2_000);
    const answer = await pushNotBefore(verifier, Math.floor(fx.clock.now() / 1000));
    expect(answer.status).toBe(204);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect((await refusal(verifier, old)).code).toBe('session_ended');
    const fresh = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    await verifier.verify(fresh);
    fx.clock.advance(1_000);
    expect((await pushNotBefore(verifier, 0)).status).toBe(204);
    expect((await verifier.verify(old)).username).toBe('alice');
  });

  it('refuses a not-before push for another client, expired, replayed, unsigned or of another action', async () => {
    const verifier = api();
    const kid = fx.realm.keys.jwks().keys.find((k) => k.use === 'sig')!.kid!;
    const now = Math.floor(fx.clock.now() / 1000);
    const base = {
      id: 'push-1',
      expiration: now + 30,
      resource: 'orders-api',
      action: 'PUSH_NOT_BEFORE',
      notBefore: now,
    };
    const sign = (payload: Record<string, unknown>) =>
      fx.realm.sign({ alg: 'RS256', typ: 'JWT', kid }, payload);
    const push = async (payload: Record<string, unknown>) =>
      (await handlePushNotBefore(verifier, { clientId: 'orders-api' }, await sign(payload))).body
        ?.error_description;
    expect(await push({ ...base, resource: 'orders-web' })).toMatch(/another client/);
    expect(await push({ ...base, expiration: now - 60 })).toMatch(/expired/);
    expect(await push({ ...base, action: 'LOGOUT' })).toMatch(/not a not-before push/);
    expect(await push({ ...base, notBefore: 'now' })).toMatch(/notBefore/);
    expect(await push(base)).toBeUndefined();
    expect(await push(base)).toMatch(/already used/);
    const unsigned = await fx.realm.sign({ alg: 'none' }, base);
    expect((await handlePushNotBefore(verifier, { clientId: 'orders-api' }, unsigned)).status).toBe(
      400,
    );
    await pushNotBefore(verifier, 0);
  });

  it('reaches another verifier that shares the store, and the rejection lasts until exp', async () => {
    const store = createMemoryStore({ now: fx.clock.now });
    const a = api({ store });
    const b = api({ store });
    const sid = crypto.randomUUID();
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      sid,
      lifetime: 300,
    });
    await b.verify(token);
    await logout(a, {}, sid);
    await Promise.resolve();
    expect((await refusal(b, token)).code).toBe('session_ended');
    expect(b.stats().revocation).toMatchObject({ entries: 1, current: true, unsent: 0 });
    fx.clock.advance(200_000);
    expect((await refusal(b, token)).code).toBe('session_ended');
    fx.clock.advance(101_000);
    expect((await refusal(b, token)).code).toBe('token_expired');
  });

  it('reports each revocation it applies through onEvent, with no sid or sub in it', async () => {
    const events: VerifierEvent[] = [];
    const verifier = api({ onEvent: (e) => events.push(e) });
    await logout(verifier, {}, 'sid-event-test');
    const applied = events.filter((e) => e.type === 'revocation_applied');
    expect(applied).toEqual([
      { type: 'revocation_applied', kind: 'sid', issuer: fx.realm.issuer, origin: 'local' },
    ]);
    expect(JSON.stringify(events)).not.toContain('sid-event-test');
  });
});

/** A store whose subscription never comes up and whose operations never answer. */
function deadStore(): SharedStore {
  const never = () => new Promise<never>(() => undefined);
  return {
    get: never,
    set: never,
    setIfAbsent: never,
    addToSet: never,
    members: never,
    publish: never,
    subscribe: () => ({ unsubscribe: () => Promise.resolve() }),
  };
}

describe('revocation while the store is unavailable', () => {
  it('fail-open (default): tokens keep working, a logout still applies locally, store_unavailable is emitted', async () => {
    const events: VerifierEvent[] = [];
    const verifier = api({ store: deadStore(), storeTimeout: 20, onEvent: (e) => events.push(e) });
    const sid = crypto.randomUUID();
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web', sid });
    const started = Date.now();
    await verifier.verify(token);
    await logout(verifier, {}, sid);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await refusal(verifier, token)).code).toBe('session_ended');
    expect(verifier.stats().revocation).toMatchObject({ current: false, unsent: 1 });
    expect(events.some((e) => e.type === 'store_unavailable' && !e.failClosed)).toBe(true);
  });

  it('fail-closed: every token gets 503 with Retry-After until the store answers', async () => {
    const verifier = api({
      store: deadStore(),
      storeTimeout: 20,
      onStoreUnavailable: 'fail-closed',
    });
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    const error = await refusal(verifier, token);
    expect(error.status).toBe(503);
    expect(error.code).toBe('revocation_unavailable');
    expect(error.headers['retry-after']).toBe('1');
  });

  it('fail-closed with the in-process store never refuses for the store', async () => {
    const verifier = api({ onStoreUnavailable: 'fail-closed' });
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    expect((await verifier.verify(token)).username).toBe('alice');
  });

  it('rejects options that are not a store, and an unknown onStoreUnavailable', () => {
    expect(() => api({ store: {} as SharedStore })).toThrow(/SharedStore contract/);
    expect(() => api({ onStoreUnavailable: 'maybe' as never })).toThrow(/fail-open/);
    expect(() => api({ storeTimeout: 0 })).toThrow(/storeTimeout/);
  });
});
