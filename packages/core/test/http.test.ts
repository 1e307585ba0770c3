import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, httpOptionsOf, IdpFetchError, requestJson } from '../src/http.js';

/** A real HTTP server on 127.0.0.1 whose paths misbehave on purpose. */
let server: Server;
let base: string;
const seen: { method?: string; contentType?: string; body?: string } = {};

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/json': (_req, res) => res.end('{"issuer":"x"}'),
  '/array': (_req, res) => res.end('[1,2]'),
  '/text': (_req, res) => res.end('<html>login</html>'),
  '/empty': (_req, res) => res.end(),
  '/400': (_req, res) => ((res.statusCode = 400), res.end('{"error":"invalid_request"}')),
  '/500': (_req, res) => ((res.statusCode = 500), res.end('{"error":"boom"}')),
  '/429': (_req, res) => ((res.statusCode = 429), res.end()),
  '/redirect': (_req, res) => (
    (res.statusCode = 302),
    res.setHeader('location', '/json'),
    res.end()
  ),
  '/declared-large': (_req, res) => {
    res.setHeader('content-length', '2048');
    res.end('x'.repeat(2048));
  },
  '/streamed-large': (_req, res) => {
    res.write('x'.repeat(600));
    res.end('x'.repeat(600));
  },
  '/hang': () => undefined,
  '/echo': (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      Object.assign(seen, { method: req.method, contentType: req.headers['content-type'], body });
      res.end('{}');
    });
  },
};

beforeAll(async () => {
  server = createServer((req, res) => routes[new URL(req.url!, 'http://x').pathname]!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const options = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  timeout: 500,
  maxBytes: 1024,
};
const failure = async (promise: Promise<unknown>): Promise<IdpFetchError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IdpFetchError))
    throw new Error(`expected an IdpFetchError, got ${String(error)}`);
  return error;
};

describe('requestJson', () => {
  it('returns the status and the parsed body of any answer below 500', async () => {
    expect(await requestJson(`${base}/json`, { method: 'GET' }, options)).toEqual({
      status: 200,
      json: { issuer: 'x' },
    });
    expect(await requestJson(`${base}/400`, { method: 'GET' }, options)).toEqual({
      status: 400,
      json: { error: 'invalid_request' },
    });
    expect((await requestJson(`${base}/text`, { method: 'GET' }, options)).json).toBeUndefined();
  });

  it('posts a form as application/x-www-form-urlencoded', async () => {
    const form = new URLSearchParams({ token: 'abc', token_type_hint: 'access_token' });
    await requestJson(`${base}/echo`, { method: 'POST', form }, options);
    expect(seen).toEqual({
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      body: 'token=abc&token_type_hint=access_token',
    });
  });

  it('calls 5xx and 429 an outage (unavailable)', async () => {
    expect(await failure(requestJson(`${base}/500`, { method: 'GET' }, options))).toMatchObject({
      kind: 'unavailable',
      message: 'HTTP 500',
    });
    expect((await failure(requestJson(`${base}/429`, { method: 'GET' }, options))).kind).toBe(
      'unavailable',
    );
  });

  it('gives up after the timeout, naming neither the URL nor the body', async () => {
    const error = await failure(requestJson(`${base}/hang`, { method: 'GET' }, options));
    expect(error).toMatchObject({ kind: 'unavailable', message: 'timed out after 500 ms' });
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('never follows a redirect', async () => {
    const error = await failure(requestJson(`${base}/redirect`, { method: 'GET' }, options));
    expect(error).toMatchObject({ kind: 'unavailable', message: 'network error' });
  });

  it('refuses an answer larger than maxBytes, declared or streamed (invalid_response)', async () => {
    for (const path of ['/declared-large', '/streamed-large']) {
      const error = await failure(requestJson(`${base}${path}`, { method: 'GET' }, options));
      expect(error).toMatchObject({
        kind: 'invalid_response',
        message: 'response larger than 1024 bytes',
      });
    }
  });

  it('calls a network error unavailable', async () => {
    const error = await failure(requestJson('http://127.0.0.1:1/x', { method: 'GET' }, options));
    expect(error).toMatchObject({ kind: 'unavailable', message: 'network error' });
  });
});

describe('fetchJson', () => {
  it('returns a JSON object of a 2xx', async () => {
    expect(await fetchJson(`${base}/json`, options)).toEqual({ issuer: 'x' });
  });

  it.each([
    ['/400', 'HTTP 400'],
    ['/text', 'response is not JSON'],
    ['/empty', 'response is not JSON'],
    ['/array', 'response is not a JSON object'],
  ])('refuses %s as invalid_response (%s)', async (path, message) => {
    expect(await failure(fetchJson(`${base}${path}`, options))).toMatchObject({
      kind: 'invalid_response',
      message,
    });
  });
});

describe('httpOptionsOf', () => {
  it("takes the verifier's fetch, timeout and response cap", () => {
    const fetchImpl = options.fetch;
    expect(httpOptionsOf({ fetch: fetchImpl, timeout: 7, maxResponseBytes: 9 })).toEqual({
      fetch: fetchImpl,
      timeout: 7,
      maxBytes: 9,
    });
  });
});
