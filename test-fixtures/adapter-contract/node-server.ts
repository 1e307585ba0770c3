/**
 * Serves a Node request listener, or a Fetch API handler, over real HTTP on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await serveNode(expressApp);
 * const other = await serveNode(fetchListener((request) => new Response('ok')));
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { ContractServer } from './contract.js';

/** Listens on a free port of 127.0.0.1. */
export async function serveNode(listener: RequestListener): Promise<ContractServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function toRequest(req: IncomingMessage, body: Uint8Array | undefined): Request {
  // From the header lines as received: a repeated header is joined, as runtimes with the Fetch
  // API do (Node's `req.headers` would keep only the first `Authorization`).
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: body as BodyInit | undefined,
  });
}

/** A Node request listener that serves a Fetch API handler (`(Request) => Response`). */
export function fetchListener(handler: (request: Request) => Promise<Response>): RequestListener {
  return (req, res) => {
    void (async () => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of req) chunks.push(chunk as Uint8Array);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const response = await handler(toRequest(req, hasBody ? Buffer.concat(chunks) : undefined));
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(body);
    })().catch(() => {
      res.writeHead(500).end();
    });
  };
}
