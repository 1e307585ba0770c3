import { reportFetchFailures, type EventSink } from './events.js';
import { fetchJson, IdpFetchError, httpOptionsOf } from './http.js';
import type { ResolvedOptions } from './options.js';
import { RefreshingCache, type CachedResource } from './refreshing-cache.js';

/** The parts of OpenID Provider metadata realmguard reads. */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly introspection_endpoint?: string;
  readonly userinfo_endpoint?: string;
  readonly token_endpoint?: string;
  readonly [member: string]: unknown;
}

/**
 * OpenID Connect Discovery 1.0 §4: strip one trailing slash, append the well-known path.
 *
 * @example
 * ```ts
 * discoveryUrlOf('https://sso.example.com/realms/acme');
 * // 'https://sso.example.com/realms/acme/.well-known/openid-configuration'
 * ```
 */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The document's own members in a null-prototype object: nothing is inherited (an absent
 * `introspection_endpoint` is undefined, never `Object.prototype`'s), and a `__proto__` member
 * stays a plain member that sets no prototype.
 */
function ownMembers(json: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(null) as Record<string, unknown>;
  // No prototype, so no `__proto__` setter: assignment makes an own member of any name.
  for (const name of Object.keys(json)) copy[name] = json[name];
  return Object.freeze(copy);
}

/**
 * Validates a discovery document against the issuer it was fetched for. The issuer must match
 * exactly: Keycloak builds it from the frontend URL, so a mismatch usually means the discovery
 * URL was reached through another host name, port or `/auth` context path. The metadata is a
 * null-prototype copy of the document's own members.
 *
 * @example
 * ```ts
 * const metadata = parseMetadata(issuer, await response.json());
 * metadata.jwks_uri; // the validated http(s) URL of the key set
 * ```
 */
export function parseMetadata(issuer: string, document: Record<string, unknown>): IssuerMetadata {
  const json = ownMembers(document);
  if (json.issuer !== issuer) {
    throw new IdpFetchError(
      'invalid_response',
      'discovery "issuer" differs from the configured issuer (check the frontend URL, ' +
        'host name, port and /auth context path)',
    );
  }
  if (!isHttpUrl(json.jwks_uri)) {
    throw new IdpFetchError('invalid_response', 'discovery document has no valid "jwks_uri"');
  }
  return json as unknown as IssuerMetadata;
}

/** Issuer metadata per allow-listed issuer: cached, single-flight, served stale while down. */
export class Discovery {
  private readonly cache: RefreshingCache<IssuerMetadata>;

  constructor(options: ResolvedOptions, events: EventSink) {
    const http = httpOptionsOf(options);
    this.cache = new RefreshingCache<IssuerMetadata>({
      ttl: options.discoveryMaxAge,
      staleWindow: options.keysStaleWindow,
      now: options.now,
      load: async (issuer) => {
        const metadata = parseMetadata(issuer, await fetchJson(discoveryUrlOf(issuer), http));
        if (events.enabled) events.emit({ type: 'discovery_refreshed', issuer });
        return metadata;
      },
      onError: reportFetchFailures(events, 'discovery', 'invalid_response'),
    });
  }

  /** Metadata of an allow-listed issuer. @throws AuthError 503 when it cannot be had. */
  async get(issuer: string): Promise<IssuerMetadata> {
    return (await this.cache.get(issuer)).value;
  }

  /** Cached state for health checks, without fetching. */
  state(issuer: string): { entry: CachedResource<IssuerMetadata> | undefined; fresh: boolean } {
    return { entry: this.cache.peek(issuer), fresh: this.cache.isFresh(issuer) };
  }
}
