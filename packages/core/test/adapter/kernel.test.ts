import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, role, type AuthError, type Principal } from '../../src/index.js';
import {
  guardConfig,
  guardRequest,
  nodeHeaders,
  type Framework,
  type GuardConfig,
} from '../../src/adapter/index.js';
import { startRealm, type RealmFixture } from '../helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

/** A framework whose request is a plain object and whose answers are strings. */
interface Req {
  rawHeaders: string[];
  headers: Record<string, string>;
  auth?: Principal | undefined;
}
type Answer = string;
const TEST: Framework<Req, undefined, () => Answer, (error: AuthError) => Answer, Answer> = {
  principal: (req) => req.auth,
  setPrincipal: (req, principal) => {
    req.auth = principal;
  },
  headers: nodeHeaders,
  send: (error) => `sent ${error.status} ${error.code}`,
  handle: (onError, error) => onError(error),
};

function req(...authorizations: string[]): Req {
  const rawHeaders = authorizations.flatMap((value) => ['Authorization', value]);
  return { rawHeaders, headers: authorizations[0] ? { authorization: authorizations[0] } : {} };
}

const next = () => 'next';

describe('guardRequest (the adapter kernel)', () => {
  it('answers a cached token synchronously: no promise on the hit path', async () => {
    const config = guardConfig(fx.verifier());
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const first = req(`Bearer ${token}`);
    expect(await guardRequest(TEST, config, undefined, first, undefined, next)).toBe('next');
    const again = req(`Bearer ${token}`);
    expect(guardRequest(TEST, config, undefined, again, undefined, next)).toBe('next');
    expect(again.auth?.username).toBe('alice');
  });

  it('refuses two Authorization headers before the cache can answer for the first', async () => {
    const config = guardConfig(fx.verifier());
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    expect(
      await guardRequest(TEST, config, undefined, req(`Bearer ${token}`), undefined, next),
    ).toBe('next');
    const twice = req(`Bearer ${token}`, 'Bearer garbage');
    expect(await guardRequest(TEST, config, undefined, twice, undefined, next)).toBe(
      'sent 400 multiple_tokens',
    );
    expect(twice.auth).toBeUndefined();
  });

  it('checks a policy, and hands AuthErrors to onError when there is one', async () => {
    const config: GuardConfig<(error: AuthError) => Answer> = guardConfig(fx.verifier(), {
      onError: (error) => `onError ${error.code} ${error.headers['www-authenticate']}`,
    });
    const token = await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const answer = await guardRequest(
      TEST,
      config,
      role('admin'),
      req(`Bearer ${token}`),
      undefined,
      next,
    );
    expect(answer).toMatch(/^onError missing_role Bearer realm="acme", error="insufficient_scope"/);
  });

  it('throws a wiring mistake (no guard on the request) unless the framework passes it on', () => {
    expect(() => guardRequest(TEST, undefined, role('admin'), req(), undefined, next)).toThrow(
      ConfigurationError,
    );
    const passing = { ...TEST, crash: (error: unknown) => `crash ${(error as Error).name}` };
    expect(guardRequest(passing, undefined, role('admin'), req(), undefined, next)).toBe(
      'crash ConfigurationError',
    );
  });

  it('lets a request without credential through under optional authentication only', async () => {
    const optional = guardConfig(fx.verifier(), { optional: true });
    const anonymous = req();
    expect(await guardRequest(TEST, optional, undefined, anonymous, undefined, next)).toBe('next');
    expect(anonymous.auth).toBeUndefined();
    const required = guardConfig(optional.verifier);
    expect(await guardRequest(TEST, required, undefined, req(), undefined, next)).toBe(
      'sent 401 missing_token',
    );
  });
});

describe('nodeHeaders', () => {
  const message = (...pairs: [string, string][]) => ({
    rawHeaders: pairs.flat(),
    headers: Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value])),
  });

  it('returns req.headers itself when Authorization comes at most once', () => {
    const one = message(['Host', 'api'], ['Authorization', 'Bearer a'], ['Cache-Control', 'x']);
    expect(nodeHeaders(one)).toBe(one.headers);
    const none = message(['Host', 'api']);
    expect(nodeHeaders(none)).toBe(none.headers);
    expect(nodeHeaders({ headers: none.headers })).toBe(none.headers);
  });

  it('lists every Authorization line, in any case, when there are several', () => {
    const twice = message(['authorization', 'Bearer a'], ['Host', 'api'], ['AUTHORIZATION', '']);
    expect(nodeHeaders(twice)).toEqual({ host: 'api', authorization: ['Bearer a', ''] });
  });
});
