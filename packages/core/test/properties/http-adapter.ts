/**
 * The `Authorization` property over real HTTP, for the Node adapters (Express, Hono on
 * @hono/node-server): the same generated values as the in-process suite, sent by `node:http`
 * (repeated headers as separate header lines, which Node's `req.headers` folds to the first),
 * to an application whose `/me` answers `res.json(principal)`.
 *
 * @example
 * ```ts
 * describeHttpAuthorization('Express 5', async (verifier) => serveNode(app(verifier)));
 * ```
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier, type VerifierEvent } from '../../src/index.js';
import {
  authorizationHeaders,
  checkAnswer,
  expectedAnswer,
  type Expected,
} from './authorization.js';
import { eventsSurface, expectNoLeak, secretsOf } from './checks.js';
import { fuzzParams, fuzzTimeout } from './fuzz.js';
import { REFETCH_AT_ONCE, startPropertyRealm, type PropertyRealm } from './realm.js';

/** A running application: `GET /me` answers the principal as JSON. */
export interface AppServer {
  url: string;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: string;
  body: string;
}

/** Sends `GET /me` with these Authorization header lines (Node validates the characters). */
function get(url: string, values: readonly string[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    if (values.length > 0) headers.authorization = values.length === 1 ? values[0]! : [...values];
    const req = request(`${url}/me`, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: JSON.stringify(res.headers), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Characters Node's HTTP client sends in a header value. */
const SENDABLE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Header bytes beyond which Node's server answers 431 before any middleware runs. */
const NODE_HEADER_LIMIT = 16_000;

/** What the application must answer, as received (Node trims surrounding whitespace). */
function expectationOverHttp(
  values: readonly string[],
  valid: readonly string[],
  fetchHeaders: boolean,
): Expected {
  if (values.length > 1 && values.filter((v) => v.trim() !== '').length < 2) {
    return { kind: 'unclear' };
  }
  return expectedAnswer(values, valid, { fetchHeaders });
}

/**
 * Declares the property for one adapter. `fetchHeaders`: the adapter reads a Fetch API
 * `Headers` (Hono), where a comma may join two header lines.
 */
export function describeHttpAuthorization(
  name: string,
  start: (verifier: Verifier) => Promise<AppServer>,
  { fetchHeaders = false } = {},
): void {
  const RUNS = 200;
  let pr: PropertyRealm;
  let server: AppServer;
  const events: VerifierEvent[] = [];
  const valid: string[] = [];
  const userOf = new Map<string, string>();

  beforeAll(async () => {
    pr = await startPropertyRealm();
    const verifier = createVerifier({
      issuer: pr.issuer,
      audience: 'orders-api',
      clockTolerance: 0,
      now: pr.clock.now,
      keys: REFETCH_AT_ONCE,
      fetch: pr.fetch(),
      onEvent: (event) => events.push(event),
    });
    await verifier.warmUp();
    for (const user of ['alice', 'bob'] as const) {
      const { token } = await pr.validParts(user);
      valid.push(token);
      userOf.set(token, user);
    }
    server = await start(verifier);
  });
  afterAll(async () => {
    await server.close();
    await pr.close();
  });

  describe(`${name}: Authorization values over real HTTP`, () => {
    it(
      'the answer RFC 6750 and issue 9 ask for (duplicates: 400), res.json(principal) works, nothing leaks',
      async () => {
        const seen = { accepted: 0, refused: 0 };
        await fc.assert(
          fc.asyncProperty(authorizationHeaders(valid), async (generated) => {
            const values = generated.filter((v) => SENDABLE.test(v));
            const reply = await get(server.url, values);
            const secrets = secretsOf(...values);
            expectNoLeak(reply.body + reply.headers, secrets, 'response');
            expectNoLeak(eventsSurface(events), secrets, 'events');
            events.length = 0;
            if (
              values.reduce((n, v) => n + v.length, 0) > NODE_HEADER_LIMIT &&
              reply.status === 431
            )
              return;
            let error: string | undefined;
            let user: string | undefined;
            try {
              const body = JSON.parse(reply.body) as { error?: string; username?: string };
              error = body.error;
              user = body.username;
            } catch {
              throw new Error(
                `HTTP ${reply.status} without a JSON body: ${reply.body.slice(0, 80)}`,
              );
            }
            const expected = expectationOverHttp(values, valid, fetchHeaders);
            const accepted =
              reply.status === 200 && expected.kind === 'invalid' && expected.token
                ? expected.token
                : undefined;
            checkAnswer(expected, { status: reply.status, error, acceptedToken: accepted }, name);
            if (reply.status === 200) {
              seen.accepted++;
              expect(user).toBe(userOf.get(accepted!));
            } else seen.refused++;
          }),
          fuzzParams(RUNS, 7),
        );
        expect(seen.accepted).toBeGreaterThan(0);
        expect(seen.refused).toBeGreaterThan(0);
      },
      fuzzTimeout(RUNS, 100),
    );
  });
}
