import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import {
  CONTRACT_TIME,
  rawGet,
  serveNode,
  type ContractServer,
} from '@realmguard/test-fixtures/adapter-contract';
import { realmguard, type AuthVariables } from '../src/index.js';

// Found by the hono-http property with random seeds (fuzz-findings.md, N5): the Fetch API joins
// two Authorization lines with a comma, and some pairs then read as one value without a second
// bearer credential: `<token> ,` + `(  <token>` became `<token> ,, (  <token>`, and
// `Bearere ,` + `BearerA=` became `Bearere ,, BearerA=`: 401 where every adapter must answer 400
// invalid_request (issue 9 item 8). On @hono/node-server the lines as received now decide.
const kc = createTestKeycloak({ now: () => CONTRACT_TIME });
let realm: TestRealm;
let server: ContractServer;
let token: string;

beforeAll(async () => {
  realm = await kc.createRealm();
  token = await realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use(
    realmguard({
      issuer: realm.issuer,
      audience: 'orders-api',
      fetch: kc.fetch,
      now: () => CONTRACT_TIME,
    }),
  );
  app.get('/me', (c) => c.json({ user: c.get('auth').username }));
  const listener = getRequestListener(app.fetch);
  server = await serveNode((req, res) => void listener(req, res));
});
afterAll(() => server.close());

async function answer(lines: readonly string[]) {
  const { status, text } = await rawGet(`${server.url}/me`, lines);
  return { status, body: JSON.parse(text) as { error?: string; user?: string } };
}

describe('Hono on @hono/node-server: Authorization lines as received', () => {
  it.each([
    ['a token and a comma, then junk and the token', () => [`${token} ,`, `(  ${token}`]],
    ['a scheme-like word and a comma, then a name=', () => ['Bearere ,', 'BearerA=']],
    ['a valid bearer token, then one ending in a comma', () => [`Bearer ${token}`, 'Bearer x,']],
  ])('answers two lines of %s with 400 invalid_request', async (_what, lines) => {
    const { status, body } = await answer(lines());
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('still accepts one valid line, and answers one comma-holding line as one value', async () => {
    expect(await answer([`Bearer ${token}`])).toEqual({ status: 200, body: { user: 'alice' } });
    const one = await answer([`Bearer ${token},`]);
    expect([400, 401]).toContain(one.status);
  });
});
