import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AuthError, authErrorResponse, createGuard, role, type Principal } from '../src/index.js';
import {
  describeAdapterContract,
  webGuardServer,
} from '@realmguard/test-fixtures/adapter-contract';
import { startRealm, type RealmFixture } from './helpers.js';

describeAdapterContract('Web guard', webGuardServer);

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const token = () => fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
const get = (headers: Record<string, string> = {}, url = 'https://api.test/orders') =>
  new Request(url, { headers });

describe('Web guard', () => {
  it('returns the principal, typed, or a Response', async () => {
    const guard = createGuard(fx.verifier());
    const result = await guard(get({ authorization: `Bearer ${await token()}` }));
    expectTypeOf(result).toEqualTypeOf<Principal | Response>();
    expect(result).not.toBeInstanceOf(Response);
    expect((result as Principal).username).toBe('alice');
  });

  it('types an optional guard as possibly without a principal', async () => {
    const optional = createGuard(fx.verifier(), { optional: true });
    const inline = createGuard({
      issuer: fx.realm.issuer,
      audience: 'orders-api',
      optional: true,
    });
    expectTypeOf(optional).returns.resolves.toEqualTypeOf<Principal | undefined | Response>();
    expectTypeOf(inline).returns.resolves.toEqualTypeOf<Principal | undefined | Response>();
    expect(await optional(get())).toBeUndefined();
  });

  it('reads a query token only when the verifier enables it', async () => {
    const url = `https://api.test/orders?access_token=${await token()}`;
    const strict = await createGuard(fx.verifier())(get({}, url));
    expect((strict as Response).status).toBe(401);
    const lenient = await createGuard(fx.verifier({ queryToken: true }))(get({}, url));
    expect((lenient as Principal).username).toBe('alice');
  });

  it('reads a form-body token only when enabled, from a clone, and leaves the body readable', async () => {
    const body = `access_token=${await token()}&item=1`;
    const post = () =>
      new Request('https://api.test/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const request = post();
    const result = await createGuard(fx.verifier({ bodyToken: true }))(request);
    expect((result as Principal).username).toBe('alice');
    expect(await request.text()).toBe(body);
    expect(((await createGuard(fx.verifier())(post())) as Response).status).toBe(401);
  });

  it('rejects a token sent twice (header and form body) with 400', async () => {
    const t = await token();
    const request = new Request('https://api.test/orders', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `access_token=${t}`,
    });
    const result = (await createGuard(fx.verifier({ bodyToken: true }))(request)) as Response;
    expect(result.status).toBe(400);
  });

  it('lets errors that are not AuthErrors propagate', async () => {
    const guard = createGuard(fx.verifier());
    const broken = { description: 'broken', check: () => Promise.reject(new RangeError('bug')) };
    await expect(guard(get({ authorization: `Bearer ${await token()}` }), broken)).rejects.toThrow(
      RangeError,
    );
  });

  it('makes a policy require authentication even in an optional guard', async () => {
    const optional = createGuard(fx.verifier(), { optional: true });
    const response = (await optional(get(), role('admin'))) as Response;
    expect(response.status).toBe(401);
  });
});

describe('authErrorResponse', () => {
  it('carries the status, WWW-Authenticate and JSON body of the AuthError', async () => {
    const error = new AuthError({
      code: 'missing_role',
      error: 'insufficient_scope',
      description: 'Requires realm role "admin"',
    });
    const response = authErrorResponse(error);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(error.headers['www-authenticate']);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(error.body);
  });

  it('carries Retry-After for a 503', () => {
    const error = new AuthError({
      code: 'idp_unavailable',
      error: 'temporarily_unavailable',
      description: 'down',
      retryAfter: 7,
    });
    expect(authErrorResponse(error).headers.get('retry-after')).toBe('7');
  });
});
