import { describe, expect, it } from 'vitest';
import { UMA_GRANT } from '../src/index.js';
import { basic, decode, fixture, introspect, postForm, verify } from './helpers.js';
import type { Fixture } from './helpers.js';

async function uma(
  fx: Fixture,
  token: string | undefined,
  fields: [string, string][],
  headers: Record<string, string> = {},
): Promise<[number, unknown]> {
  const form = new URLSearchParams([['grant_type', UMA_GRANT], ...fields]);
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await postForm(fx, fx.realm.tokenEndpoint, form, { ...auth, ...headers });
  return [res.status, await res.json()];
}

const decision = (...permissions: string[]): [string, string][] => [
  ['audience', 'orders-api'],
  ...permissions.map((p): [string, string] => ['permission', p]),
  ['response_mode', 'decision'],
];

const permissionsMode = (...permissions: string[]): [string, string][] => [
  ['audience', 'orders-api'],
  ...permissions.map((p): [string, string] => ['permission', p]),
  ['response_mode', 'permissions'],
];

const DENIED = [403, { error: 'access_denied', error_description: 'not_authorized' }];

describe('UMA grant (Authorization Services)', () => {
  it('grants orders#read to a viewer in decision mode and denies orders#cancel with 403 access_denied', async () => {
    const fx = await fixture();
    const bob = await fx.realm.accessToken({ user: 'bob' });
    expect(await uma(fx, bob, decision('orders#read'))).toEqual([200, { result: true }]);
    expect(await uma(fx, bob, decision('orders#cancel'))).toEqual(DENIED);
    expect(await uma(fx, bob, decision('orders#write'))).toEqual(DENIED);
    expect(await uma(fx, bob, decision('reports#view'))).toEqual(DENIED);
    const alice = await fx.realm.accessToken({ user: 'alice' });
    expect(await uma(fx, alice, decision('orders#cancel'))).toEqual([200, { result: true }]);
    expect(await uma(fx, alice, decision('reports'))).toEqual([200, { result: true }]);
  });

  it('grants editors (orders-api:editor) orders#write but not orders#cancel', async () => {
    const fx = await fixture(
      {},
      {
        users: [
          { username: 'eve', clientRoles: { 'orders-api': ['editor'] } },
          { username: 'nobody' },
        ],
      },
    );
    const eve = await fx.realm.accessToken({ user: 'eve' });
    expect(await uma(fx, eve, decision('orders#write'))).toEqual([200, { result: true }]);
    expect(await uma(fx, eve, decision('orders#cancel'))).toEqual(DENIED);
    const nobody = await fx.realm.accessToken({ user: 'nobody' });
    expect(await uma(fx, nobody, decision())).toEqual(DENIED);
  });

  it('lists granted permissions as [{rsid, rsname, scopes}] in permissions mode', async () => {
    const fx = await fixture();
    const orders = fx.realm.model.authorization!.resources.find((r) => r.name === 'orders')!;
    const reports = fx.realm.model.authorization!.resources.find((r) => r.name === 'reports')!;
    const bob = await fx.realm.accessToken({ user: 'bob' });
    expect(await uma(fx, bob, permissionsMode())).toEqual([
      200,
      [{ rsid: orders.id, rsname: 'orders', scopes: ['read'] }],
    ]);
    expect(await uma(fx, bob, permissionsMode('orders'))).toEqual([
      200,
      [{ rsid: orders.id, rsname: 'orders', scopes: ['read'] }],
    ]);
    expect(await uma(fx, bob, permissionsMode('#read'))).toEqual([
      200,
      [{ rsid: orders.id, rsname: 'orders', scopes: ['read'] }],
    ]);
    const alice = await fx.realm.accessToken({ user: 'alice' });
    expect(await uma(fx, alice, permissionsMode())).toEqual([
      200,
      [
        { rsid: orders.id, rsname: 'orders', scopes: ['read', 'write', 'cancel'] },
        { rsid: reports.id, rsname: 'reports', scopes: ['view'] },
      ],
    ]);
    expect(
      await uma(fx, alice, permissionsMode('orders#read,cancel', `${reports.id}#view`)),
    ).toEqual([
      200,
      [
        { rsid: orders.id, rsname: 'orders', scopes: ['read', 'cancel'] },
        { rsid: reports.id, rsname: 'reports', scopes: ['view'] },
      ],
    ]);
  });

  it('grants a request when any requested permission is granted (Keycloak’s isGranted)', async () => {
    const fx = await fixture();
    const bob = await fx.realm.accessToken({ user: 'bob' });
    expect(await uma(fx, bob, decision('orders#read', 'orders#cancel'))).toEqual([
      200,
      { result: true },
    ]);
    const [, granted] = await uma(fx, bob, permissionsMode('orders#read', 'orders#cancel'));
    expect(granted).toEqual([expect.objectContaining({ rsname: 'orders', scopes: ['read'] })]);
  });

  it('issues an RPT with authorization.permissions and the resource server in aud', async () => {
    const fx = await fixture();
    const bob = await fx.realm.accessToken({ user: 'bob', client: 'orders-web', sid: 's-7' });
    const [status, body] = await uma(fx, bob, [
      ['audience', 'orders-api'],
      ['permission', 'orders#read'],
    ]);
    expect(status).toBe(200);
    const response = body as Record<string, unknown>;
    expect(Object.keys(response)).toEqual([
      'upgraded',
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'refresh_token',
      'token_type',
      'not-before-policy',
      'session_state',
      'scope',
    ]);
    expect(response).toMatchObject({ upgraded: false, token_type: 'Bearer', session_state: 's-7' });
    const { payload } = await verify(fx, response.access_token as string);
    const orders = fx.realm.model.authorization!.resources[0]!;
    expect(payload).toMatchObject({
      azp: 'orders-web',
      sid: 's-7',
      typ: 'Bearer',
      authorization: { permissions: [{ rsid: orders.id, rsname: 'orders', scopes: ['read'] }] },
    });
    expect(payload.aud).toEqual(['orders-api', 'account']);
    expect(String(payload.jti)).toMatch(/^onrtpg:/);
    const keys = Object.keys(decode(response.access_token as string).payload);
    expect(keys.indexOf('authorization')).toBe(keys.indexOf('scope') - 1);
    expect((await introspect(fx, response.access_token as string)).authorization).toEqual(
      payload.authorization,
    );
  });

  it('adds the resource server to aud when the token had none for it', async () => {
    const fx = await fixture(
      {},
      { users: [{ username: 'vic', realmRoles: ['viewer'] }], defaultRoles: { clientRoles: {} } },
    );
    const vic = await fx.realm.accessToken({ user: 'vic' });
    expect('aud' in decode(vic).payload).toBe(false);
    const [, body] = await uma(fx, vic, [['audience', 'orders-api']]);
    const rpt = decode((body as { access_token: string }).access_token).payload;
    expect(rpt.aud).toBe('orders-api');
    expect(Object.keys(rpt).indexOf('aud')).toBe(Object.keys(rpt).indexOf('iss') + 1);
  });

  it('answers invalid_grant "Invalid bearer token" for bad bearer tokens: 401, 400 on kc26_6_2', async () => {
    for (const [profile, status] of [
      ['kc26_2', 401],
      ['kc26_6_2', 400],
    ] as const) {
      const fx = await fixture({ profile });
      const revoked = await fx.realm.accessToken({ user: 'bob' });
      fx.realm.revoke(revoked);
      const loggedOut = await fx.realm.accessToken({ user: 'bob', sid: 'gone' });
      fx.realm.sessions.logout('gone');
      for (const token of [
        'garbage',
        revoked,
        loggedOut,
        await fx.realm.adversarial.expired(5, { user: 'bob' }),
        await fx.realm.refreshToken({ user: 'bob' }),
      ]) {
        expect(await uma(fx, token, decision('orders#read'))).toEqual([
          status,
          { error: 'invalid_grant', error_description: 'Invalid bearer token' },
        ]);
      }
    }
  });

  it('rejects requests Keycloak rejects: audience, response_mode, resource and scope errors', async () => {
    const fx = await fixture();
    const bob = await fx.realm.accessToken({ user: 'bob' });
    const bad = (description: string, error = 'invalid_request') => [
      400,
      { error, error_description: description },
    ];
    expect(await uma(fx, bob, [['permission', 'orders#read']])).toEqual(
      bad('You must provide the issuedFor'),
    );
    expect(await uma(fx, bob, [['audience', 'ghost']])).toEqual(
      bad('Unknown resource server id: [ghost]'),
    );
    expect(await uma(fx, bob, [['audience', 'billing-worker']])).toEqual(
      bad('Client does not support permissions'),
    );
    expect(
      await uma(fx, bob, [...decision('orders#read').slice(0, 2), ['response_mode', 'x']]),
    ).toEqual(bad('Invalid response_mode'));
    expect(await uma(fx, bob, decision('invoices#read'))).toEqual(
      bad('Resource with id [invoices] does not exist.', 'invalid_resource'),
    );
    expect(await uma(fx, bob, decision('orders#fly'))).toEqual(
      bad('One of the given scopes [fly] is invalid', 'invalid_scope'),
    );
  });

  it('checks scopes before resources, against the resource server’s scopes, as Keycloak does', async () => {
    const fx = await fixture();
    const bob = await fx.realm.accessToken({ user: 'bob' });
    const bad = (error: string, description: string) => [
      400,
      { error, error_description: description },
    ];
    // Unknown scope and unknown resource: the scope is reported (it is resolved first).
    expect(await uma(fx, bob, decision('invoices#fly'))).toEqual(
      bad('invalid_scope', 'One of the given scopes [fly] is invalid'),
    );
    // "view" is a scope of the server (on reports), not of orders: orders adds nothing.
    expect(await uma(fx, bob, decision('orders#view'))).toEqual(
      bad('invalid_resource', 'Resource with id [orders] does not exist.'),
    );
    // One known scope among unknown ones is enough.
    expect(await uma(fx, bob, decision('orders#read,fly'))).toEqual([200, { result: true }]);
    // An unknown resource after one that resolved is not an error: the rest is evaluated.
    expect(await uma(fx, bob, decision('orders#read', 'invoices#read'))).toEqual([
      200,
      { result: true },
    ]);
    expect(await uma(fx, bob, decision('invoices#read', 'orders#read'))).toEqual(
      bad('invalid_resource', 'Resource with id [invoices] does not exist.'),
    );
  });

  it('lets a confidential client ask for its service account without a bearer token', async () => {
    const fx = await fixture(
      {},
      {
        authorization: {
          resourceServer: 'orders-api',
          resources: [{ name: 'ledger', id: 'ledger-1', scopes: ['post'] }],
          permissions: [{ resource: 'ledger', users: ['service-account-billing-worker'] }],
        },
      },
    );
    const creds = basic('billing-worker', 'billing-worker-secret');
    expect(await uma(fx, undefined, permissionsMode('ledger#post'), creds)).toEqual([
      200,
      [{ rsid: 'ledger-1', rsname: 'ledger', scopes: ['post'] }],
    ]);
    expect(await uma(fx, undefined, decision('ledger'), basic('billing-worker', 'nope'))).toEqual([
      401,
      {
        error: 'invalid_client',
        error_description: 'Invalid client or Invalid client credentials',
      },
    ]);
    const bob = await fx.realm.accessToken({ user: 'bob' });
    expect(await uma(fx, bob, decision('ledger#post'))).toEqual(DENIED);
  });
});
