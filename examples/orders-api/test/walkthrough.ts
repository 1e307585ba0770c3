// What the orders examples' tests share: the demo realm over real HTTP, Node listeners served on
// 127.0.0.1, and the demo walkthrough played against an API beside the Express orders API.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestKeycloak, DEMO_CLIENTS, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { createApp as createExpressApp } from '../src/app.mjs';
import { play, scenario } from '../src/scenario.mjs';

/** The demo realm (billing-worker with an Audience mapper for orders-api), served over HTTP. */
export async function startDemoRealm(): Promise<{ realm: TestRealm; close: () => Promise<void> }> {
  const kc = createTestKeycloak();
  const idp = await listen(kc);
  const realm = await kc.createRealm({
    clients: DEMO_CLIENTS.map((client) =>
      client.clientId === 'billing-worker'
        ? { ...client, audienceMappers: ['orders-api'] }
        : client,
    ),
  });
  return { realm, close: idp.close };
}

/** Node listeners served on 127.0.0.1 (`serve` gives the base URL) until `close()`. */
export function localServers(): {
  serve: (listener: RequestListener) => Promise<string>;
  close: () => void;
} {
  const servers: Server[] = [];
  return {
    async serve(listener) {
      const server = createServer(listener);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close() {
      for (const server of servers) server.close();
    },
  };
}

/** What one step of the walkthrough got. */
export type Outcome = { who: string } & Awaited<ReturnType<typeof play>>;

/**
 * Plays the demo walkthrough step by step against the API at `url` and against the Express
 * orders API (served by `servers`, guarded alike), and returns both lists of outcomes.
 */
export async function walkthroughBesideExpress(
  realm: TestRealm,
  url: string,
  servers: ReturnType<typeof localServers>,
): Promise<{ outcomes: Outcome[]; express: Outcome[] }> {
  const expressUrl = await servers.serve(
    createExpressApp({ issuer: realm.issuer, audience: 'orders-api' }),
  );
  const outcomes: Outcome[] = [];
  const express: Outcome[] = [];
  for (const step of await scenario(realm)) {
    outcomes.push({ who: step.who, ...(await play(url, step)) });
    express.push({ who: step.who, ...(await play(expressUrl, step)) });
  }
  return { outcomes, express };
}
