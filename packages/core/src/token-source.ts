import { LRUCache } from 'lru-cache';
import {
  authenticateClient,
  clientCredentialsProblem,
  type ClientCredentials,
  type ResolvedClientCredentials,
} from './client-auth.js';
import { Discovery } from './discovery.js';
import { ConfigurationError, idpUnavailable, isAuthError } from './errors.js';
import { createEventSink, type VerifierEvent } from './events.js';
import { IdpFetchError, isJsonObject, requestJson, httpOptionsOf } from './http.js';
import { resolveOptions } from './options.js';
import { Secret } from './secret.js';

/** Options of {@link createTokenSource}. Durations in milliseconds. */
export interface TokenSourceOptions extends ClientCredentials {
  /** The issuer whose token endpoint (from discovery) issues the tokens. */
  issuer: string;
  /** Space-separated scopes to request. */
  scope?: string;
  /** `audience` parameter (Keycloak token exchange / other providers); optional. */
  audience?: string;
  /** Refresh this long before the token expires. Default 30 s. */
  refreshBefore?: number;
  /** Attempts per token request on 5xx or network errors. Default 3. */
  retries?: number;
  timeout?: number;
  fetch?: typeof fetch;
  now?: () => number;
  onEvent?: (event: VerifierEvent) => void;
}

/**
 * Access tokens for service-to-service calls (client_credentials). The object holds no data of
 * its own: JSON, inspection and structured clones of it never show the client secret or a token.
 */
export interface TokenSource {
  /** A valid access token: cached, refreshed before expiry, shared by concurrent callers. */
  token(): Promise<string>;
  /** Forgets the cached token (after a downstream API answered 401). */
  invalidate(): void;
}

const KEY = 'token';
/** An OAuth error code as RFC 6749 §5.2 allows it; anything else is not echoed in messages. */
const ERROR_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Obtains access tokens with the client_credentials grant for calls to other APIs.
 *
 * @example
 * ```ts
 * const source = createTokenSource({
 *   issuer: 'https://sso.example.com/realms/acme',
 *   clientId: 'billing-worker',
 *   clientSecret: process.env.BILLING_SECRET!,
 * });
 * const response = await fetch(url, { headers: { authorization: `Bearer ${await source.token()}` } });
 * if (response.status === 401) source.invalidate();
 * ```
 */
export function createTokenSource(input: TokenSourceOptions): TokenSource {
  const problem = clientCredentialsProblem('createTokenSource', input);
  if (problem) throw new ConfigurationError(`realmguard: ${problem}`);
  const options = resolveOptions({
    issuer: input.issuer,
    audience: false,
    ...(input.timeout !== undefined ? { timeout: input.timeout } : {}),
    ...(input.fetch ? { fetch: input.fetch } : {}),
    ...(input.now ? { now: input.now } : {}),
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
  });
  const refreshBefore = input.refreshBefore ?? 30_000;
  const retries = input.retries ?? 3;
  if (!(refreshBefore >= 0) || !Number.isInteger(retries) || retries < 1) {
    throw new ConfigurationError(
      'realmguard: refreshBefore must be >= 0 and retries an integer >= 1',
    );
  }
  const discovery = new Discovery(options, createEventSink(options.onEvent));
  const http = httpOptionsOf(options);
  // Only the wrapped secret is kept: `input` is not referenced after this point.
  const client: ResolvedClientCredentials = {
    clientId: input.clientId,
    clientSecret: new Secret(input.clientSecret),
    authMethod: input.authMethod ?? 'client_secret_basic',
  };
  const { issuer, scope, audience } = input;

  async function request(): Promise<{ token: string; expiresIn: number }> {
    const { token_endpoint: endpoint } = await discovery.get(issuer);
    if (typeof endpoint !== 'string') throw idpUnavailable(30);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) form.set('scope', scope);
    if (audience) form.set('audience', audience);
    const headers = authenticateClient(client, form);
    const { status, json } = await requestJson(endpoint, { method: 'POST', headers, form }, http);
    if (status !== 200 || !isJsonObject(json) || typeof json.access_token !== 'string') {
      const error =
        isJsonObject(json) && typeof json.error === 'string' && ERROR_CODE.test(json.error)
          ? json.error
          : `HTTP ${status}`;
      // Bad credentials or a client without service accounts: retrying will not help.
      throw new ConfigurationError(`realmguard: the token endpoint refused the client (${error})`);
    }
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in * 1000 : 60_000;
    return { token: json.access_token, expiresIn };
  }

  async function requestWithRetries(): Promise<{ token: string; expiresIn: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const retriable =
          (error instanceof IdpFetchError && error.kind === 'unavailable') ||
          (isAuthError(error) && error.status === 503);
        if (!retriable || attempt >= retries) throw retriable ? idpUnavailable(1) : error;
        await sleep(200 * 2 ** (attempt - 1));
      }
    }
  }

  const cache = new LRUCache<string, { token: string }>({
    max: 1,
    ttlResolution: 0,
    perf: { now: options.now },
    fetchMethod: async (_key, _stale, { options: entry }) => {
      const { token, expiresIn } = await requestWithRetries();
      // Refresh early; a token shorter-lived than refreshBefore is reused for half its life.
      entry.ttl = Math.max(1, expiresIn - refreshBefore, expiresIn / 2);
      return { token };
    },
  });

  return {
    async token() {
      const entry = await cache.fetch(KEY);
      if (!entry) throw idpUnavailable(1);
      return entry.token;
    },
    invalidate() {
      cache.delete(KEY);
    },
  };
}
