/**
 * Puts a {@link TestKeycloak} behind a real `node:http` server on 127.0.0.1, so code that does its
 * own networking (or a child process) can reach it.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TestKeycloak } from '../keycloak.js';
import { isRefused } from '../http.js';

/**
 * Options of {@link listen}.
 *
 * @example
 * ```ts
 * await listen(kc, { port: 0 });
 * ```
 */
export interface ListenOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** A running server. */
export interface ListeningKeycloak {
  /** `http://127.0.0.1:PORT` (also the test Keycloak's base URL while listening). */
  url: string;
  /** Closes the server and every socket, hung ones included; restores the previous base URL. */
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of req) chunks.push(chunk as Uint8Array);
  return new Uint8Array(Buffer.concat(chunks));
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/**
 * Serves `kc` over HTTP on 127.0.0.1 and points its base URL at the server. Call it before
 * minting tokens: the issuer follows the base URL unless `frontendUrl` is set.
 *
 * @example
 * ```ts
 * const kc = createTestKeycloak();
 * const server = await listen(kc);
 * const realm = await kc.createRealm();
 * await fetch(realm.discoveryUrl); // real HTTP
 * await server.close();
 * ```
 */
export async function listen(
  kc: TestKeycloak,
  options: ListenOptions = {},
): Promise<ListeningKeycloak> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const controllers = new Set<AbortController>();
  const previousBase = kc.baseUrl;

  const server = createServer((req, res) => {
    const controller = new AbortController();
    controllers.add(controller);
    res.on('close', () => {
      controller.abort(new Error('client closed the connection'));
      controllers.delete(controller);
    });
    void (async () => {
      try {
        const body = await readBody(req);
        const request = new Request(`${kc.baseUrl}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers: toHeaders(req),
          body,
          signal: controller.signal,
        });
        await writeResponse(res, await kc.handle(request));
      } catch (error) {
        if (isRefused(error)) req.socket.destroy();
        else if (controller.signal.aborted) res.destroy();
        else if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'unknown_error' }));
        }
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  kc.setBaseUrl(url);

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const controller of controllers) controller.abort(new Error('server closed'));
        for (const socket of sockets) socket.destroy();
        if (kc.baseUrl === url) kc.setBaseUrl(previousBase);
      });
      return closing;
    },
  };
}
