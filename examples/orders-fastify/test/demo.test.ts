import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRealm } from '@realmguard/testing';
import {
  localServers,
  startDemoRealm,
  walkthroughBesideExpress,
} from '../../orders-api/test/walkthrough.js';
import { buildApp, createApp } from '../src/app.mjs';

let realm: TestRealm;
let closeIdp: () => Promise<void>;
const servers = localServers();

beforeAll(async () => {
  ({ realm, close: closeIdp } = await startDemoRealm());
});
afterAll(async () => {
  servers.close();
  await closeIdp();
});

describe('the orders API on Fastify', () => {
  it('answers the demo walkthrough exactly as the Express orders API does', async () => {
    const url = await servers.serve(
      await createApp({ issuer: realm.issuer, audience: 'orders-api' }),
    );
    const { outcomes, express } = await walkthroughBesideExpress(realm, url, servers);
    expect(outcomes).toEqual(express);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      200, 200, 200, 200, 403, 403, 200, 200, 401, 401, 401, 401,
    ]);
  });

  it('answers 404 for an unknown order after authenticating', async () => {
    const app = await buildApp({ issuer: realm.issuer, audience: 'orders-api' });
    const token = await realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const response = await app.inject({
      url: '/orders/99',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(404);
    expect((await app.inject({ url: '/orders/99' })).statusCode).toBe(401);
    await app.close();
  });
});
