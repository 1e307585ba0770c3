import { authenticateClient } from '@realmguard/core';
import { isObject, request } from './http.js';
import type { DoctorContext } from './types.js';

/** What the identity provider's introspection endpoint said about the token. */
export type IntrospectionAnswer =
  | { readonly kind: 'no-credentials' }
  | { readonly kind: 'no-endpoint' }
  | { readonly kind: 'unreachable'; readonly error: string }
  | { readonly kind: 'refused'; readonly status: number }
  | { readonly kind: 'unexpected'; readonly status: number | undefined }
  | { readonly kind: 'inactive' }
  | { readonly kind: 'active'; readonly claims: Readonly<Record<string, unknown>> };

/** RFC 7662 introspection with client_secret_basic. Never throws; never logs the secret. */
export async function introspect(ctx: DoctorContext): Promise<IntrospectionAnswer> {
  const { clientId, clientSecret, token } = ctx.options;
  if (clientId === undefined || clientSecret === undefined || token === undefined) {
    return { kind: 'no-credentials' };
  }
  const endpoint = ctx.metadata?.introspection_endpoint;
  if (typeof endpoint !== 'string') return { kind: 'no-endpoint' };
  const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
  const auth = authenticateClient({ clientId, clientSecret }, form);
  const response = await request(endpoint, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    fetch: ctx.fetch,
    timeout: ctx.timeout,
    now: ctx.now,
  });
  if (response.status === undefined) {
    return { kind: 'unreachable', error: response.error ?? 'no answer' };
  }
  if (response.status === 401 || response.status === 403) {
    return { kind: 'refused', status: response.status };
  }
  const json = response.json;
  if (response.status !== 200 || !isObject(json) || typeof json.active !== 'boolean') {
    return { kind: 'unexpected', status: response.status };
  }
  return json.active ? { kind: 'active', claims: json } : { kind: 'inactive' };
}
