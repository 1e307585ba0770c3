import type { TestRealm } from '@realmguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.mjs';
import { play, scenario } from '../src/scenario.mjs';
import { localServers, startDemoRealm } from './walkthrough.js';

let realm: TestRealm;
let apiUrl: string;
let closeIdp: () => Promise<void>;
const servers = localServers();

beforeAll(async () => {
  ({ realm, close: closeIdp } = await startDemoRealm());
  apiUrl = await servers.serve(createApp({ issuer: realm.issuer, audience: 'orders-api' }));
});
afterAll(async () => {
  servers.close();
  await closeIdp();
});

describe('the orders-api demo walkthrough', () => {
  it('answers each kind of token as the README describes', async () => {
    const outcomes: Array<[string, number, string]> = [];
    for (const step of await scenario(realm)) {
      const { status, reason } = await play(apiUrl, step);
      outcomes.push([step.who, status, reason.startsWith('ok: ') ? 'ok' : reason]);
    }
    expect(outcomes).toEqual([
      ['alice (admin) lists orders', 200, 'ok'],
      ['alice (admin) cancels an order', 200, 'ok'],
      ['alice (orders-api editor) edits an order', 200, 'ok'],
      ['bob (viewer) reads an order', 200, 'ok'],
      ['bob (viewer) cancels an order', 403, 'Requires realm role "admin"'],
      ['bob without the orders:read scope reads the report', 403, 'Requires scope "orders:read"'],
      ['bob with the orders:read scope reads the report', 200, 'ok'],
      ['service account billing-worker lists orders', 200, 'ok'],
      ['no token at all', 401, 'Authentication is required'],
      [
        'an ID token misused as a bearer token',
        401,
        'An ID token cannot be used as a bearer access token',
      ],
      ['an expired token', 401, 'The access token expired'],
      [
        'a token without the Audience mapper',
        401,
        'The access token is not intended for this audience',
      ],
    ]);
  });

  it('gives the Audience-mapper hint for a token without the mapper', async () => {
    const steps = await scenario(realm);
    const { hint } = await play(apiUrl, steps.at(-1)!);
    expect(hint).toContain('Add mapper → By configuration → Audience');
  });

  it('answers 404 for an unknown order after authenticating', async () => {
    const token = await realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const response = await fetch(`${apiUrl}/orders/99`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(404);
  });
});
