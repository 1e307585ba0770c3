import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, type Verifier } from '../../src/index.js';
import {
  nodeReceiverRequest,
  receivers,
  type Receiver,
  type ReceiverResponse,
} from '../../src/adapter/index.js';
import { startRealm, type RealmFixture } from '../helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const FORM = 'application/x-www-form-urlencoded';

/** A Node server whose one route is `handler`, the way a Node adapter mounts a receiver. */
async function nodeServer(receive: Receiver, parse?: (text: string) => unknown) {
  const server = createServer((req, res) => {
    const answer = async (): Promise<ReceiverResponse> => {
      if (!parse) return receive(nodeReceiverRequest(req));
      let text = '';
      for await (const chunk of req) text += String(chunk);
      return receive(nodeReceiverRequest(req, parse(text)));
    };
    void answer().then(({ status, headers, body }) => {
      res.writeHead(status, headers).end(body === undefined ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A POST whose body arrives in several TCP writes. */
function post(url: string, type: string | undefined, parts: string[]) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: type ? { 'content-type': type } : {} });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (const part of parts) req.write(part);
    req.end();
  });
}

describe('nodeReceiverRequest', () => {
  it('takes the method, the content type, the parsed body and the message as the stream', () => {
    const message = Object.assign((async function* () {})(), {
      method: 'POST',
      headers: { 'content-type': FORM },
    });
    expect(nodeReceiverRequest(message, { logout_token: 'x' })).toEqual({
      method: 'POST',
      contentType: FORM,
      body: { logout_token: 'x' },
      stream: message,
    });
    const odd = Object.assign((async function* () {})(), {
      headers: { 'content-type': ['a', 'b'] },
    });
    expect(nodeReceiverRequest(odd)).toMatchObject({ method: undefined, contentType: undefined });
  });
});

describe('receivers()', () => {
  it('makes both routes from one adapter function, and fails fast on a missing clientId', () => {
    const made: Receiver[] = [];
    const routes = receivers((receive) => {
      made.push(receive);
      return 'handler';
    });
    const verifier = fx.verifier();
    expect(routes.backchannelLogout(verifier, { clientId: 'orders-web' })).toBe('handler');
    expect(routes.pushNotBefore(verifier, { clientId: 'orders-api' })).toBe('handler');
    expect(made).toHaveLength(2);
    expect(() => routes.backchannelLogout(verifier, { clientId: '' })).toThrow(ConfigurationError);
    expect(() => routes.pushNotBefore({} as Verifier, { clientId: 'orders-api' })).toThrow(
      ConfigurationError,
    );
  });

  it('over Node HTTP: a logout token read from the request stream revokes its session', async () => {
    const verifier = fx.verifier();
    const routes = receivers((receive) => receive);
    const server = await nodeServer(routes.backchannelLogout(verifier, { clientId: 'orders-web' }));
    try {
      const sid = crypto.randomUUID();
      const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped', sid });
      await verifier.verify(token);
      const logout = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web', sid });
      const body = `logout_token=${logout}`;
      const answer = await post(server.url, FORM, [body.slice(0, 40), body.slice(40)]);
      expect(answer).toEqual({ status: 200, text: '' });
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'session_ended' });
    } finally {
      await server.close();
    }
  });

  it('over Node HTTP: uses a body a parser produced, and answers a wrong content type with 400', async () => {
    const verifier = fx.verifier();
    const routes = receivers((receive) => receive);
    const parsed = await nodeServer(
      routes.backchannelLogout(verifier, { clientId: 'orders-web' }),
      (text) => Object.fromEntries(new URLSearchParams(text)),
    );
    try {
      const logout = await fx.realm.logoutToken({ user: 'alice', client: 'orders-web' });
      expect((await post(parsed.url, FORM, [`logout_token=${logout}`])).status).toBe(200);
      const json = await post(parsed.url, 'application/json', ['{}']);
      expect(json.status).toBe(400);
      expect(JSON.parse(json.text)).toEqual({
        error: 'invalid_request',
        error_description: `The request must be ${FORM}`,
      });
    } finally {
      await parsed.close();
    }
  });

  it('over Node HTTP: refuses a streamed body over 64 KiB with 400', async () => {
    const routes = receivers((receive) => receive);
    const server = await nodeServer(
      routes.pushNotBefore(fx.verifier(), { clientId: 'orders-api' }),
    );
    try {
      const answer = await post(server.url, 'text/plain', ['x'.repeat(40_000), 'x'.repeat(40_000)]);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({
        error_description: 'The request body is too large',
      });
    } finally {
      await server.close();
    }
  });
});
