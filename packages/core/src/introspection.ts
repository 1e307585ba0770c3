import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { authenticateClient } from './client-auth.js';
import { ConcurrencyLimit } from './concurrency.js';
import type { Discovery } from './discovery.js';
import type { AuthError } from './errors.js';
import { idpUnavailable } from './errors.js';
import type { ResolvedIntrospection } from './introspection-options.js';
import type { EventSink } from './events.js';
import { IdpFetchError, isJsonObject, requestJson, type FetchJsonOptions } from './http.js';

/**
 * RFC 7662 token introspection against the issuer's `introspection_endpoint`: cached per whole
 * token (never beyond `exp`), concurrent identical calls shared, and a cap on calls in flight so
 * that junk tokens cannot flood the identity provider.
 */

/** The result of one introspection: the claims of an active token, or undefined. */
type Answer = { readonly claims: JWTPayload | undefined };

const MEMBERS_NOT_CLAIMS = new Set(['active', 'token_type']);

export class Introspector {
  private readonly cache: LRUCache<string, Answer>;
  private readonly limit: ConcurrencyLimit;
  private readonly http: FetchJsonOptions;

  constructor(
    private readonly config: ResolvedIntrospection,
    private readonly discovery: Discovery,
    private readonly events: EventSink,
    private readonly now: () => number,
    http: FetchJsonOptions,
    maxEntries: number,
  ) {
    this.http = http;
    this.limit = new ConcurrencyLimit(config.maxConcurrent, config.maxQueued);
    this.cache = new LRUCache<string, Answer>({
      max: maxEntries,
      ttlResolution: 0,
      perf: { now },
      fetchMethod: async (token, _stale, { options }) => {
        const answer = await this.call(token);
        const expiresAt = typeof answer.claims?.exp === 'number' ? answer.claims.exp * 1000 : 0;
        const ttl = answer.claims
          ? Math.min(this.config.cacheTtl, expiresAt - this.now())
          : this.config.negativeCacheTtl;
        // lru-cache reads ttl 0 as "forever": an answer that is already stale lives 1 ms.
        options.ttl = Math.max(1, ttl);
        return answer;
      },
    });
  }

  /** Calls in flight and waiting, for stats. */
  get load(): { inFlight: number; queued: number; cached: number } {
    return { inFlight: this.limit.inFlight, queued: this.limit.queued, cached: this.cache.size };
  }

  /**
   * The claims of an active token (without `active`/`token_type`), or undefined when the
   * identity provider says it is not active.
   * @throws AuthError 503 when the identity provider cannot answer.
   */
  async introspect(token: string): Promise<JWTPayload | undefined> {
    const answer = await this.cache.fetch(token);
    return answer?.claims;
  }

  private async call(token: string): Promise<Answer> {
    const result = await this.limit.run(() => this.post(token));
    if (!result) throw idpUnavailable(1);
    return result.value;
  }

  private async post(token: string): Promise<Answer> {
    const { introspection_endpoint: endpoint } = await this.discovery.get(this.config.issuer);
    if (typeof endpoint !== 'string') {
      throw this.misconfigured('the issuer metadata has no introspection_endpoint');
    }
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    const headers = authenticateClient(this.config.client, form);
    let status: number;
    let json: unknown;
    try {
      ({ status, json } = await requestJson(
        endpoint,
        { method: 'POST', headers, form },
        this.http,
      ));
    } catch (error) {
      const reason = error instanceof IdpFetchError ? error.message : 'unknown error';
      if (this.events.enabled) {
        this.events.emit({
          type: 'fetch_failed',
          issuer: this.config.issuer,
          resource: 'introspection',
          kind: 'unavailable',
          reason,
          servingStale: false,
        });
      }
      throw idpUnavailable(1);
    }
    if (status === 401 || status === 403) {
      throw this.misconfigured(
        `the identity provider refused the introspection client "${this.config.client.clientId}" ` +
          `(HTTP ${status}): check introspection.clientId, clientSecret and authMethod, and that ` +
          'the client is confidential',
      );
    }
    if (status !== 200 || !isJsonObject(json) || typeof json.active !== 'boolean') {
      throw this.misconfigured(`unexpected introspection answer (HTTP ${status})`);
    }
    if (json.active !== true) return { claims: undefined };
    if (typeof json.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer') {
      // e.g. a DPoP-bound token: not usable with the Bearer scheme.
      return { claims: undefined };
    }
    const claims: JWTPayload = {};
    for (const [name, value] of Object.entries(json)) {
      if (!MEMBERS_NOT_CLAIMS.has(name)) claims[name] = value;
    }
    return { claims };
  }

  /** A 503 for the caller, and an event that tells the operator what to fix. */
  private misconfigured(hint: string): AuthError {
    if (this.events.enabled) {
      this.events.emit({ type: 'configuration_problem', code: 'idp_unavailable', hint });
    }
    return idpUnavailable(30);
  }
}
