/**
 * The per-realm route table and the fault/counter wrapper every route goes through.
 *
 * @module
 */
import { openidConfiguration, oauthAuthorizationServer } from './discovery.js';
import type { DiscoveryInput } from './discovery.js';
import type { Counters, EndpointName, FaultRegistry } from './faults.js';
import { delay, hang, json, methodNotAllowed, notFound, refused, text } from './http.js';
import type { JWK } from 'jose';
import { utf8 } from './encoding.js';
import { introspectionEndpoint } from './introspection.js';
import { revocationEndpoint } from './revocation.js';
import { tokenEndpoint } from './token-endpoint.js';
import type { TokenEndpointContext } from './token-endpoint.js';
import { userinfoEndpoint } from './userinfo.js';
import type { UserinfoContext } from './userinfo.js';

/** What routes need from a realm. */
export interface RealmRuntime extends TokenEndpointContext, UserinfoContext {
  discoveryInput(): DiscoveryInput;
  jwks(): { keys: JWK[] };
  faults: FaultRegistry;
  counters: Counters;
}

/** One route, relative to `{base}{contextPath}/realms/{realm}`. */
export interface Route {
  endpoint: EndpointName;
  path: string;
  methods: string[];
  handle(runtime: RealmRuntime, request: Request): Promise<Response> | Response;
}

/**
 * Every route a realm serves.
 *
 * @example
 * ```ts
 * const paths = ROUTES.map((route) => `${route.methods.join('|')} ${realm.backendUrl}${route.path}`);
 * ```
 */
export const ROUTES: Route[] = [
  {
    endpoint: 'discovery',
    path: '/.well-known/openid-configuration',
    methods: ['GET'],
    handle: (rt) => json(openidConfiguration(rt.discoveryInput())),
  },
  {
    endpoint: 'discovery',
    path: '/.well-known/oauth-authorization-server',
    methods: ['GET'],
    handle: (rt) => json(oauthAuthorizationServer(rt.discoveryInput())),
  },
  {
    endpoint: 'certs',
    path: '/protocol/openid-connect/certs',
    methods: ['GET'],
    handle: (rt) => json(rt.jwks()),
  },
  {
    endpoint: 'token',
    path: '/protocol/openid-connect/token',
    methods: ['POST'],
    handle: tokenEndpoint,
  },
  {
    endpoint: 'introspect',
    path: '/protocol/openid-connect/token/introspect',
    methods: ['POST'],
    handle: introspectionEndpoint,
  },
  {
    endpoint: 'userinfo',
    path: '/protocol/openid-connect/userinfo',
    methods: ['GET', 'POST'],
    handle: userinfoEndpoint,
  },
  {
    endpoint: 'revoke',
    path: '/protocol/openid-connect/revoke',
    methods: ['POST'],
    handle: revocationEndpoint,
  },
];

const GARBAGE = '<html><body><h1>502 Bad Gateway</h1></body></html>';

async function padTo(response: Response, bytes: number): Promise<Response> {
  const body = await response.text();
  const head =
    body.trim().startsWith('{') && body.trim() !== '{}' ? `${body.trim().slice(0, -1)},` : '{';
  const frameBytes = utf8(`${head}"x-padding":""}`).length;
  const padded =
    bytes >= frameBytes ? `${head}"x-padding":"${' '.repeat(bytes - frameBytes)}"}` : body;
  return text(padded, response.status, { 'content-type': 'application/json' });
}

/**
 * Serves one request through a route, applying the endpoint's fault and counting it.
 *
 * @example
 * ```ts
 * const response = await serveRoute(runtime, route, request);
 * ```
 */
export async function serveRoute(
  runtime: RealmRuntime,
  route: Route,
  request: Request,
): Promise<Response> {
  runtime.counters.hit(route.endpoint);
  if (!route.methods.includes(request.method)) return methodNotAllowed(request.method);
  const fault = runtime.faults.take(route.endpoint);
  switch (fault?.type) {
    case 'refuse':
      throw refused(new URL(request.url).host);
    case 'hang':
      return hang(request.signal);
    case 'status': {
      const body = fault.body ?? JSON.stringify({ error: 'unknown_error' });
      let isJson = true;
      try {
        JSON.parse(body);
      } catch {
        isJson = false;
      }
      return text(body, fault.status, {
        'content-type': isJson ? 'application/json' : 'text/plain',
      });
    }
    case 'garbage':
      return text(GARBAGE, 200, { 'content-type': 'application/json' });
    case 'empty-keys':
      return json({ keys: [] });
    case 'slow':
      await delay(fault.ms, request.signal);
      break;
    case 'oversized':
      return padTo(await route.handle(runtime, request), fault.bytes);
    case undefined:
      break;
  }
  return route.handle(runtime, request);
}

/**
 * Finds the route for a path below the realm root; a 404 Response when none matches.
 *
 * @example
 * ```ts
 * const route = findRoute('/protocol/openid-connect/certs', url);
 * ```
 */
export function findRoute(subPath: string, url: URL): Route | Response {
  return ROUTES.find((r) => r.path === subPath) ?? notFound(url);
}
