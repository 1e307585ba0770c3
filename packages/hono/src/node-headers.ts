import type { RequestCredentials } from '@realmguard/core';
import { nodeHeaders, type NodeMessage } from '@realmguard/core/adapter';

/**
 * The headers the verifier reads for a Hono request. The Fetch API's `Headers` joins two
 * `Authorization` lines with a comma, so a request with two lines (`x ,` and `( Bearer y`, or
 * `Bearere ,` and `BearerA=`) can look like one malformed value, and get 401 where every other
 * adapter answers 400 (issue 9 item 8). On Node, `@hono/node-server` puts the `IncomingMessage`
 * in `c.env.incoming`: there the lines as received decide. They are read only when the joined
 * value holds a comma, so the common request pays nothing. Edge runtimes keep the joined value
 * (core reads a comma-joined second credential as two headers where it can tell).
 *
 * @example
 * ```ts
 * const headers = honoHeaders(c.req.raw, c.env); // Headers, or Node's headers with a duplicate
 * ```
 */
export function honoHeaders(request: Request, env: unknown): RequestCredentials['headers'] {
  const { headers } = request;
  if (headers.get('authorization')?.includes(',') !== true) return headers;
  const incoming = (env as { incoming?: Partial<NodeMessage> } | undefined)?.incoming;
  if (!Array.isArray(incoming?.rawHeaders) || typeof incoming.headers !== 'object') return headers;
  const node = nodeHeaders(incoming as NodeMessage);
  // Only a second Authorization line changes the answer: otherwise the Fetch headers stay.
  return node === incoming.headers ? headers : node;
}
