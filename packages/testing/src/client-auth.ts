/**
 * Client authentication for the token, introspection and revocation endpoints:
 * `client_secret_basic` and `client_secret_post` (public clients send `client_id` only). Each
 * endpoint maps a failure to its own Keycloak error.
 *
 * @module
 */
import type { ResolvedClient, ResolvedRealm } from './model.js';

/** Why authentication failed. */
export type ClientAuthFailure =
  'bad_header' | 'missing' | 'unknown' | 'disabled' | 'bad_secret' | 'conflict';

/** The outcome: an authenticated (or public, identified) client, or a failure. */
export type ClientAuthResult =
  { ok: true; client: ResolvedClient } | { ok: false; reason: ClientAuthFailure };

function decodeBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  try {
    const decoded = atob(match[1]);
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

/**
 * Authenticates the calling client. With both methods at once the `client_id` form field must
 * name the Basic client (Keycloak takes the header's secret).
 *
 * @example
 * ```ts
 * const auth = authenticateClient(realm.model, request, form);
 * if (!auth.ok) return invalidClient();
 * ```
 */
export function authenticateClient(
  realm: ResolvedRealm,
  request: Request,
  form: URLSearchParams,
): ClientAuthResult {
  const authorization = request.headers.get('authorization');
  const basic = authorization ? decodeBasic(authorization) : undefined;
  if (authorization && !basic) return { ok: false, reason: 'bad_header' };
  const formId = form.get('client_id');
  if (basic && formId !== null && formId !== basic.id) return { ok: false, reason: 'conflict' };
  const id = basic?.id ?? formId;
  if (id === null) return { ok: false, reason: 'missing' };
  const secret = basic ? basic.secret : form.get('client_secret');
  const client = realm.clients.find((c) => c.clientId === id);
  if (!client) return { ok: false, reason: 'unknown' };
  if (!client.enabled) return { ok: false, reason: 'disabled' };
  if (client.publicClient) return { ok: true, client };
  if (client.secret === undefined || secret !== client.secret) {
    return { ok: false, reason: 'bad_secret' };
  }
  return { ok: true, client };
}

/**
 * The name of the first form parameter sent more than once, if any.
 *
 * @example
 * ```ts
 * duplicatedParameter(new URLSearchParams('token=a&token=b')); // 'token'
 * ```
 */
export function duplicatedParameter(form: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}
