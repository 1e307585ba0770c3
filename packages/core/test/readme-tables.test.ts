// The root README's troubleshooting and comparison tables state what realmguard answers. Each
// row is read from README.md and checked here against the code: a row without a check, or a
// check whose row is gone, fails. Peer columns are not checked (they describe other projects).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGuard,
  permission,
  role,
  scope,
  type AuthError,
  type Verifier,
} from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';
import { readmeTable } from './readme-table.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

let fx: RealmFixture;
beforeEach(async () => {
  fx = await startRealm();
});
afterEach(() => fx.close());

const web = { user: 'alice', client: 'orders-web-mapped' } as const;
const introspection = (): { clientId: string; clientSecret: string } => ({
  clientId: 'orders-api',
  clientSecret: fx.realm.client('orders-api').secret!,
});

/** The AuthError for a token, after an optional policy. */
async function answer(
  token: string,
  verifier: Verifier = fx.verifier(),
  policy = role('default-roles-acme'),
) {
  return rejection(
    verifier
      .authenticate({ headers: { authorization: `Bearer ${token}` } })
      .then((p) => policy.check(p)),
  );
}

/** One situation of a troubleshooting row, and the error the API gives for it. */
type Situation = [cause: string, produce: () => Promise<AuthError>];

// Keyed by the row's first cell, exactly as in the README.
const troubleshooting: Record<string, Situation[]> = {
  '`audience_mismatch` (with `hint`)': [
    [
      'azp is this API, no Audience mapper',
      async () =>
        answer(await fx.realm.adversarial.withAudience('account', { client: 'orders-api' })),
    ],
    [
      'a front-end client, no Audience mapper',
      async () =>
        answer(await fx.realm.adversarial.withAudience('account', { client: 'orders-web' })),
    ],
  ],
  '`untrusted_issuer`': [
    [
      'trailing slash',
      async () => answer(await fx.realm.adversarial.wrongIssuer('trailing-slash', web)),
    ],
    [
      '/auth context path',
      async () => answer(await fx.realm.adversarial.wrongIssuer('auth-prefix', web)),
    ],
  ],
  '`wrong_token_type`': [
    ['an ID token', async () => answer(await fx.realm.idToken(web))],
    ['a refresh token', async () => answer(await fx.realm.refreshToken(web))],
  ],
  '`unknown_key`': [
    [
      'a key rotated moments ago',
      async () => {
        const verifier = fx.verifier({ keys: { cooldown: 30_000 } });
        await verifier.verify(await fx.realm.accessToken(web));
        await fx.realm.keys.rotate();
        return answer(await fx.realm.accessToken(web), verifier);
      },
    ],
    [
      'a key the realm does not publish',
      async () => answer(await fx.realm.adversarial.unknownKid(web)),
    ],
  ],
  '`weak_key`': [
    [
      'a 1024-bit realm key',
      async () => {
        await fx.realm.keys.add({ alg: 'RS256', modulusLength: 1024 });
        return answer(await fx.realm.accessToken(web));
      },
    ],
  ],
  '`token_expired` / `token_not_yet_valid`': [
    ['a stale token', async () => answer(await fx.realm.adversarial.expired(60, web))],
    ['clock skew', async () => answer(await fx.realm.adversarial.notYetValid(60, web))],
  ],
  '`token_inactive`': [
    [
      'revoked',
      async () => {
        const token = await fx.realm.opaqueToken(web);
        fx.realm.revoke(token);
        return answer(token, fx.verifier({ introspection: introspection() }));
      },
    ],
    [
      'logged out',
      async () => {
        const token = await fx.realm.accessToken({ ...web, sid: 'session-1' });
        fx.realm.sessions.logout('session-1');
        return answer(token, fx.verifier({ introspection: { ...introspection(), use: 'always' } }));
      },
    ],
    [
      '(26.6.2+) the introspecting client is not in aud',
      async () => {
        const kc26 = await startRealm({ profile: 'kc26_6_2' });
        try {
          const token = await kc26.realm.accessToken(web); // aud: orders-api, account
          const other = {
            clientId: 'billing-worker',
            clientSecret: kc26.realm.client('billing-worker').secret!,
          };
          return await answer(token, kc26.verifier({ introspection: { ...other, use: 'always' } }));
        } finally {
          await kc26.close();
        }
      },
    ],
  ],
  '`missing_role` / `missing_scope` / `missing_permission` (403)': [
    [
      'a user without the role',
      async () =>
        answer(await fx.realm.accessToken({ ...web, user: 'bob' }), fx.verifier(), role('admin')),
    ],
    [
      'a token without the scope',
      async () => answer(await fx.realm.accessToken(web), fx.verifier(), scope('orders:read')),
    ],
    [
      'a permission Keycloak does not grant',
      async () =>
        answer(
          await fx.realm.accessToken({ ...web, user: 'bob' }),
          fx.verifier(),
          permission('orders#cancel'),
        ),
    ],
    [
      'a permission naming no resource (a typo)',
      async () => answer(await fx.realm.accessToken(web), fx.verifier(), permission('ordres#read')),
    ],
  ],
  '`lightweight_token` (403)': [
    [
      'a lightweight token (with the mapped aud), no introspection',
      async () =>
        answer(
          await fx.realm.accessToken({ ...web, lightweight: true, claims: { aud: 'orders-api' } }),
          fx.verifier(),
          role('admin'),
        ),
    ],
  ],
  '`server_misconfigured` (500)': [
    [
      'uma.audience names a client without Authorization Services',
      async () =>
        answer(
          await fx.realm.accessToken(web),
          fx.verifier({ uma: { audience: 'orders-web' } }),
          permission('orders#read'),
        ),
    ],
  ],
  '`idp_unavailable` (503)': [
    [
      'Keycloak unreachable, no cached keys',
      async () => {
        fx.realm.faults.set('discovery', { type: 'refuse' });
        return answer(await fx.realm.accessToken(web));
      },
    ],
    [
      'bad introspection credentials',
      async () => {
        const token = await fx.realm.opaqueToken(web);
        return answer(
          token,
          fx.verifier({ introspection: { ...introspection(), clientSecret: 'wrong' } }),
        );
      },
    ],
  ],
};

describe('README troubleshooting table: each code is what the API answers', () => {
  const rows = readmeTable(readme, 'Troubleshooting by error code');

  it('has a check for every row, and a row for every check', () => {
    expect(rows.map((row) => row[0])).toEqual(Object.keys(troubleshooting));
  });

  for (const [first] of rows) {
    const codes = [...first!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).filter((c) => c !== 'hint');
    const status = Number(/\((\d{3})\)/.exec(first!)?.[1] ?? 401);
    const withHint = first!.includes('with `hint`');
    it(`${first}: ${status}${withHint ? ' with a hint' : ''}`, async () => {
      const situations = troubleshooting[first!] ?? [];
      expect(situations.length).toBeGreaterThan(0);
      const answered = new Set<string>();
      for (const [cause, produce] of situations) {
        const error = await produce();
        expect(codes, `${cause}: ${error.code}`).toContain(error.code);
        expect(error.status, `${cause}: status`).toBe(status);
        if (withHint) expect(typeof error.hint, `${cause}: hint`).toBe('string');
        answered.add(error.code);
      }
      expect([...answered].sort()).toEqual([...codes].sort());
    });
  }
});

/** A comparison row: the realmguard cell the README must show, and the check that proves it. */
type Claim = [realmguardCell: string, check: () => Promise<void> | void];

const comparison: Record<string, Claim> = {
  'rejects an ID or refresh token presented as a bearer token': [
    'yes (payload `typ`, checked before any key lookup)',
    async () => {
      fx.realm.faults.set('certs', { type: 'refuse' });
      const verifier = fx.verifier();
      for (const token of [await fx.realm.idToken(web), await fx.realm.refreshToken(web)]) {
        expect((await answer(token, verifier)).code).toBe('wrong_token_type');
      }
      expect(fx.realm.counters.get('certs')).toBe(0);
    },
  ],
  'Audience-mapper hint on an `aud`/`azp` mismatch': [
    'yes, with the console steps',
    async () => {
      for (const client of ['orders-api', 'orders-web']) {
        const error = await answer(await fx.realm.adversarial.withAudience('account', { client }));
        expect(error.code).toBe('audience_mismatch');
        expect(error.hint).toContain('Add mapper');
        expect(error.hint).toContain('orders-api');
      }
    },
  ],
  'accepts `azp` in place of `aud`, only when asked': [
    '`acceptAuthorizedParty`',
    async () => {
      const own = await fx.realm.adversarial.withAudience('account', { client: 'orders-api' });
      const other = await fx.realm.adversarial.withAudience('account', { client: 'orders-web' });
      expect((await answer(own)).code).toBe('audience_mismatch');
      const asked = fx.verifier({ acceptAuthorizedParty: true });
      await expect(asked.verify(own)).resolves.toBeDefined();
      expect((await answer(other, asked)).code).toBe('audience_mismatch');
    },
  ],
  algorithms: [
    'RS/PS/ES/EdDSA allow-list from the header',
    async () => {
      const verifier = fx.verifier();
      for (const alg of ['PS256', 'ES256', 'EdDSA'] as const) await fx.realm.keys.add({ alg });
      for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
        await expect(
          verifier.verify(await fx.realm.accessToken({ ...web, alg })),
        ).resolves.toBeDefined();
      }
      for (const token of [
        await fx.realm.adversarial.algNone(web),
        await fx.realm.adversarial.hs256WithPublicKey('pem', web),
      ]) {
        expect((await answer(token, verifier)).code).toBe('unsupported_algorithm');
      }
    },
  ],
  'JWKS: discovery, single-flight, unknown-`kid` cooldown, key removal honoured': [
    'yes',
    async () => {
      const verifier = fx.verifier({ keys: { cooldown: 30_000, maxAge: 60_000 } });
      const first = await fx.realm.accessToken(web);
      await Promise.all(Array.from({ length: 20 }, () => verifier.verify(first)));
      expect([fx.realm.counters.get('discovery'), fx.realm.counters.get('certs')]).toEqual([1, 1]);
      for (let i = 0; i < 5; i++)
        await answer(await fx.realm.adversarial.unknownKid(web), verifier);
      expect(fx.realm.counters.get('certs')).toBeLessThanOrEqual(2);
      const oldKid = fx.realm.keys
        .list()
        .find((k) => k.status === 'active' && k.use === 'sig')!.kid;
      await fx.realm.keys.rotate();
      fx.realm.keys.remove(oldKid);
      fx.clock.advance(31_000);
      await verifier.verify(await fx.realm.accessToken(web)); // the new kid: one refetch
      expect((await answer(first, verifier)).code).toBe('unknown_key');
    },
  ],
  'IdP down and nothing cached can decide': [
    '`503` + `Retry-After`',
    async () => {
      fx.realm.faults.set('certs', { type: 'refuse' });
      const error = await answer(await fx.realm.accessToken(web));
      expect(error.status).toBe(503);
      expect(error.headers['retry-after']).toMatch(/^\d+$/);
    },
  ],
  'RFC 6750 challenges (`WWW-Authenticate`, `400`/`401`/`403`)': [
    'yes',
    async () => {
      const guard = createGuard(fx.verifier({ queryToken: true }));
      const ask = async (url: string, authorization?: string) => {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const result = await guard(new Request(url, { headers }), role('admin'));
        if (!(result instanceof Response)) return { status: 200, challenge: null };
        return { status: result.status, challenge: result.headers.get('www-authenticate') };
      };
      const alice = `Bearer ${await fx.realm.accessToken(web)}`;
      const bob = `Bearer ${await fx.realm.accessToken({ ...web, user: 'bob' })}`;
      expect(await ask('http://api.test/')).toEqual({
        status: 401,
        challenge: 'Bearer realm="acme"',
      });
      const twice = await ask('http://api.test/?access_token=x', alice);
      expect(twice.status).toBe(400);
      expect(twice.challenge).toContain('error="invalid_request"');
      const forged = await ask('http://api.test/', `${alice}x`);
      expect(forged.status).toBe(401);
      expect(forged.challenge).toContain('error="invalid_token"');
      const viewer = await ask('http://api.test/', bob);
      expect(viewer.status).toBe(403);
      expect(viewer.challenge).toContain('error="insufficient_scope"');
      expect(await ask('http://api.test/', alice)).toEqual({ status: 200, challenge: null });
    },
  ],
  'introspection of opaque and lightweight tokens': [
    'yes, cached, with a cap on concurrent calls',
    async () => {
      const verifier = fx.verifier({ introspection: introspection() });
      const opaque = await fx.realm.opaqueToken(web);
      expect((await verifier.verify(opaque)).source).toBe('introspection');
      await verifier.verify(opaque);
      const lightweight = await fx.realm.accessToken({ ...web, lightweight: true });
      await role('admin').check(await verifier.verify(lightweight));
      await role('admin').check(await verifier.verify(lightweight));
      expect(fx.realm.counters.get('introspect')).toBe(2); // one per token
      const capped = fx.verifier({
        introspection: { ...introspection(), maxConcurrent: 1, maxQueued: 1 },
      });
      fx.realm.faults.set('introspect', { type: 'slow', ms: 300 });
      const tokens = await Promise.all([1, 2, 3].map(() => fx.realm.opaqueToken(web)));
      const outcomes = await Promise.allSettled(tokens.map((t) => capped.verify(t)));
      const refused = outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => (o.reason as AuthError).status);
      expect(refused).toEqual([503]);
    },
  ],
  frameworks: [
    'Express, Koa, Hono, Fastify, NestJS, edge runtimes, one contract',
    () => {
      const cell = comparison.frameworks![0];
      for (const framework of cell.split(', ').filter((name) => /^[A-Z]\w+$/.test(name))) {
        const manifest = new URL(`../../${framework.toLowerCase()}/package.json`, import.meta.url);
        expect(readFileSync(manifest, 'utf8')).toContain(
          `"@realmguard/${framework.toLowerCase()}"`,
        );
      }
    },
  ],
  maintained: ['yes', () => undefined], // not an API answer
};

describe('README comparison table: each realmguard claim is checked against the code', () => {
  const rows = readmeTable(readme, 'Compared with keycloak-connect and express-oauth2-jwt-bearer');

  it('has a check for every row, and a row for every check', () => {
    expect(rows.map((row) => row[0])).toEqual(Object.keys(comparison));
  });

  for (const [behaviour, cell] of rows) {
    it(`${behaviour}: ${cell}`, async () => {
      const claim = comparison[behaviour!];
      expect(claim?.[0]).toBe(cell);
      await claim![1]();
    });
  }
});
