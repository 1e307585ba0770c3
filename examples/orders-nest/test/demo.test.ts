import 'reflect-metadata';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKeycloak, DEMO_CLIENTS, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { createApp as createExpressApp } from '../../orders-api/src/app.mjs';
import { play, scenario } from '../../orders-api/src/scenario.mjs';
import { createApp } from '../src/app.js';

let realm: TestRealm;
let closeIdp: () => Promise<void>;
const servers: Server[] = [];

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const kc = createTestKeycloak();
  const idp = await listen(kc);
  closeIdp = idp.close;
  realm = await kc.createRealm({
    clients: DEMO_CLIENTS.map((client) =>
      client.clientId === 'billing-worker'
        ? { ...client, audienceMappers: ['orders-api'] }
        : client,
    ),
  });
});
afterAll(async () => {
  for (const server of servers) server.close();
  await closeIdp();
});

describe('the orders API on NestJS', () => {
  it('answers the demo walkthrough exactly as the Express orders API does', async () => {
    const guard = { issuer: realm.issuer, audience: 'orders-api' };
    const nestUrl = await serve(await createApp(guard));
    const expressUrl = await serve(createExpressApp(guard));
    const steps = await scenario(realm);
    const nest = [];
    const express = [];
    for (const step of steps) {
      nest.push({ who: step.who, ...(await play(nestUrl, step)) });
      express.push({ who: step.who, ...(await play(expressUrl, step)) });
    }
    expect(nest).toEqual(express);
    expect(nest.map((outcome) => outcome.status)).toEqual([
      200, 200, 200, 200, 403, 403, 200, 200, 401, 401, 401, 401,
    ]);
  });

  it('answers 404 for an unknown order after authenticating', async () => {
    const url = await serve(await createApp({ issuer: realm.issuer, audience: 'orders-api' }));
    const token = await realm.accessToken({ user: 'bob', client: 'orders-web-mapped' });
    const response = await fetch(`${url}/orders/99`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(404);
    expect((await fetch(`${url}/orders/99`)).status).toBe(401);
  });
});
