import type { HeaderBag, RequestCredentials } from '../bearer.js';
import type { Verifier } from '../verifier.js';

/** What `nodeHeaders` reads of a Node `IncomingMessage`. */
export interface NodeMessage {
  readonly headers: { readonly [name: string]: string | readonly string[] | undefined };
  /** Every header line as received: name, value, name, value … (Node's `rawHeaders`). */
  readonly rawHeaders?: readonly string[];
}

/** True for `authorization` in any case; the first two tests make most names cost nothing. */
function isAuthorization(name: string): boolean {
  return (
    name.length === 13 &&
    (name.charCodeAt(0) | 32) === 97 &&
    (name === 'authorization' || name === 'Authorization' || name.toLowerCase() === 'authorization')
  );
}

/**
 * The headers of a Node request (`IncomingMessage`, for Express, Koa, Fastify): `req.headers`,
 * except that two or more `Authorization` headers come back as a list, which the verifier
 * refuses with 400 `invalid_request`. Node keeps only the first one in `req.headers`, so without
 * this a cached first token would let a second header through unseen.
 *
 * It scans the names of `rawHeaders` (read as received, so a middleware that edits `req.headers`
 * cannot hide a duplicate) without allocating: a few nanoseconds per request.
 *
 * @example
 * ```ts
 * const principal = verifier.cached({ headers: nodeHeaders(req) });
 * ```
 */
export function nodeHeaders(message: NodeMessage): HeaderBag {
  const raw = message.rawHeaders;
  if (raw === undefined) return message.headers;
  let seen = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (!isAuthorization(raw[i] as string)) continue;
    if (seen) return { ...message.headers, authorization: authorizations(raw) };
    seen = true;
  }
  return message.headers;
}

function authorizations(raw: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (isAuthorization(raw[i] as string)) values.push(raw[i + 1] ?? '');
  }
  return values;
}

/**
 * The credentials of a Node framework request (Express, Koa): its headers, plus the parsed query
 * and body only when the verifier reads tokens from them (parsing them costs on every request).
 *
 * @example
 * ```ts
 * credentialsFrom(verifier, nodeHeaders(req), () => req.query, () => req.body);
 * ```
 */
export function credentialsFrom(
  verifier: Verifier,
  headers: RequestCredentials['headers'],
  query: () => RequestCredentials['query'],
  body: () => unknown,
): RequestCredentials {
  // Parsing a query string or reading a body costs on every request: only when enabled.
  const { queryToken, bodyToken } = verifier.options;
  const credentials: RequestCredentials = { headers };
  if (queryToken) credentials.query = query();
  if (bodyToken) credentials.body = body();
  return credentials;
}

/**
 * The credentials of a Fetch API request: its headers, plus the query string and a form body
 * only when the verifier reads tokens from them.
 *
 * @example
 * ```ts
 * const principal = await verifier.authenticate(await requestCredentials(request, verifier));
 * ```
 */
export async function requestCredentials(
  request: Request,
  verifier: Verifier,
): Promise<RequestCredentials> {
  const credentials: RequestCredentials = { headers: request.headers };
  if (verifier.options.queryToken) credentials.query = new URL(request.url).searchParams;
  if (
    verifier.options.bodyToken &&
    !request.bodyUsed &&
    /^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')
  ) {
    const tokens = new URLSearchParams(await request.clone().text()).getAll('access_token');
    credentials.body = { access_token: tokens.length > 1 ? tokens : tokens[0] };
  }
  return credentials;
}
