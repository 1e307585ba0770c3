import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON answer of a {@link StaticIdp}. */
export interface StaticRoute {
  status?: number;
  body: unknown;
}

/**
 * A real HTTP server on 127.0.0.1 that serves fixed JSON documents by path (discovery and JWKS
 * of an issuer whose real host cannot run here), with a request counter per path.
 */
export interface StaticIdp {
  readonly url: string;
  readonly hits: Map<string, number>;
  /** A fetch that sends every request to this server, keeping path and query (a test proxy). */
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

export async function startStaticIdp(routes: Record<string, StaticRoute>): Promise<StaticIdp> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    res.statusCode = route ? (route.status ?? 200) : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(route ? route.body : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const proxy: typeof fetch = (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    return fetch(`${url}${target.pathname}${target.search}`, init);
  };
  return {
    url,
    hits,
    fetch: proxy,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
