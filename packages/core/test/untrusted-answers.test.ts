import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permission, role } from '../src/index.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const introspection = {
  introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET },
};
const OPAQUE = 'opaque-token-0123456789abcdef';

/** The realm's introspection endpoint answers `body` (raw JSON text) to every request. */
function introspectionAnswers(body: string): void {
  fx.realm.faults.set('introspect', { type: 'status', status: 200, body });
}

/** Valid claims of an active token, as JSON members (without the braces). */
function validMembers(): string {
  const exp = Math.floor(fx.clock.now() / 1000) + 300;
  return `"active":true,"iss":"${fx.realm.issuer}","exp":${exp},"aud":"orders-api","sub":"u1"`;
}

describe('introspection answers are untrusted input', () => {
  it('never takes claims from a __proto__ member (no role, exp, iss or aud through it)', async () => {
    const exp = Math.floor(fx.clock.now() / 1000) + 300;
    introspectionAnswers(
      `{"active":true,"__proto__":{"iss":"${fx.realm.issuer}","exp":${exp},"aud":"orders-api",` +
        '"realm_access":{"roles":["admin"]}}}',
    );
    const error = await rejection(fx.verifier(introspection).verify(OPAQUE));
    expect(error.status).toBe(401);
    expect(error.code).toBe('missing_claim');
  });

  it('grants no role through __proto__ next to valid claims, and keeps no __proto__ member', async () => {
    introspectionAnswers(`{${validMembers()},"__proto__":{"realm_access":{"roles":["admin"]}}}`);
    const principal = await fx.verifier(introspection).verify(OPAQUE);
    expect(principal.hasRole('admin')).toBe(false);
    expect(Object.getPrototypeOf(principal.claims)).toBeNull();
    expect(Object.hasOwn(principal.claims, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(Object.assign({}, principal.claims))).toBe(Object.prototype);
    const error = await rejection(Promise.resolve(role('admin').check(principal)));
    expect(error.status).toBe(403);
  });

  it('reads nested claims without inheritance (no role from realm_access.__proto__)', async () => {
    introspectionAnswers(
      `{${validMembers()},"realm_access":{"__proto__":{"roles":["admin"]}},` +
        '"resource_access":{"__proto__":{"orders-api":{"roles":["editor"]}}}}',
    );
    const principal = await fx.verifier(introspection).verify(OPAQUE);
    expect(principal.realmRoles).toEqual([]);
    expect(principal.hasRole('orders-api:editor')).toBe(false);
  });

  it('rejects a typ that is not a string (401 wrong_token_type)', async () => {
    introspectionAnswers(`{${validMembers()},"typ":1}`);
    expect((await rejection(fx.verifier(introspection).verify(OPAQUE))).code).toBe(
      'wrong_token_type',
    );
  });

  it('treats a token_type that is not a string as not active', async () => {
    for (const tokenType of ['7', '["Bearer"]', '{"a":"Bearer"}', 'null']) {
      introspectionAnswers(`{${validMembers()},"token_type":${tokenType}}`);
      const error = await rejection(fx.verifier(introspection).verify(OPAQUE));
      expect(error.code, tokenType).toBe('token_inactive');
    }
  });

  it('rejects time claims a Date cannot hold, or of the wrong type (401 invalid_claim)', async () => {
    const cases = [
      '"exp":1e300',
      '"exp":8640000000001',
      '"exp":"2000000000"',
      '"nbf":-1e300',
      '"iat":1e300',
      '"iat":true',
    ];
    for (const member of cases) {
      introspectionAnswers(`{${validMembers()},${member}}`);
      const error = await rejection(fx.verifier(introspection).verify(OPAQUE));
      expect(error.code, member).toBe('invalid_claim');
      expect(error.status).toBe(401);
    }
  });

  it('answers an answer nested too deeply with a 503, never a crash', async () => {
    introspectionAnswers(`{${validMembers()},"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const error = await rejection(fx.verifier(introspection).verify(OPAQUE));
    expect(error.status).toBe(503);
  });
});

describe('UMA and userinfo answers are untrusted input', () => {
  const bob = () => fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });

  it('grants no permission through a __proto__ member of a UMA decision', async () => {
    fx.realm.faults.set('token', {
      type: 'status',
      status: 200,
      body: '{"__proto__":{"result":true}}',
    });
    const principal = await fx.verifier().verify(await bob());
    const error = await rejection(Promise.resolve(permission('orders#cancel').check(principal)));
    expect(error.status).toBe(503);
  });

  it('returns userinfo with null-prototype objects and without __proto__ members', async () => {
    fx.realm.faults.set('userinfo', {
      type: 'status',
      status: 200,
      body: '{"sub":"u1","__proto__":{"admin":true},"address":{"__proto__":{"admin":true}}}',
    });
    const principal = await fx.verifier().verify(await bob());
    const info = await principal.userinfo();
    expect(info.sub).toBe('u1');
    expect(Object.getPrototypeOf(info)).toBeNull();
    expect('admin' in info).toBe(false);
    expect(Object.getPrototypeOf(Object.assign({}, info))).toBe(Object.prototype);
    expect((info.address as Record<string, unknown>).admin).toBeUndefined();
  });
});
