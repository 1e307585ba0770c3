import type { Discovery } from './discovery.js';
import { AuthError, idpUnavailable, invalidToken } from './errors.js';
import { isJsonObject, requestJson, type FetchJsonOptions } from './http.js';

/**
 * Fetches OpenID Connect userinfo with the user's access token and maps Keycloak's answers: 401
 * (token no longer valid, or a lightweight token on 26.6.2+) and 403 (no `openid` scope).
 */
export async function fetchUserinfo(
  token: string,
  issuer: string,
  discovery: Discovery,
  http: FetchJsonOptions,
): Promise<Record<string, unknown>> {
  const { userinfo_endpoint: endpoint } = await discovery.get(issuer);
  if (typeof endpoint !== 'string') throw idpUnavailable(30);
  let status: number;
  let json: unknown;
  try {
    ({ status, json } = await requestJson(
      endpoint,
      { method: 'GET', headers: { authorization: `Bearer ${token}` } },
      http,
    ));
  } catch {
    throw idpUnavailable(1);
  }
  if (status === 200 && isJsonObject(json)) return json;
  if (status === 401) {
    throw invalidToken(
      'token_inactive',
      'The identity provider no longer accepts the access token',
    );
  }
  if (status === 403) {
    throw new AuthError({
      code: 'missing_scope',
      error: 'insufficient_scope',
      description: 'Userinfo needs a token with the openid scope',
      scope: 'openid',
    });
  }
  throw idpUnavailable(1);
}
