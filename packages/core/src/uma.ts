import { LRUCache } from 'lru-cache';
import type { Discovery } from './discovery.js';
import type { AuthError } from './errors.js';
import { idpUnavailable, invalidToken } from './errors.js';
import type { EventSink } from './events.js';
import { isJsonObject, requestJson, type FetchJsonOptions } from './http.js';
import type { GrantedPermission } from './principal.js';

/**
 * Keycloak Authorization Services (UMA 2.0 grant) as a policy decision point: the user's token
 * asks the token endpoint whether it grants `resource#scope` (`response_mode=decision`) or
 * which permissions it grants (`response_mode=permissions`). Decisions are cached per whole
 * token and permission, never beyond the token's exp.
 */

const UMA_GRANT = 'urn:ietf:params:oauth:grant-type:uma-ticket';

export interface UmaConfig {
  audience: string | undefined;
  cacheTtl: number;
}

export class UmaClient {
  private readonly decisions: LRUCache<string, { granted: boolean }>;

  constructor(
    private readonly config: UmaConfig,
    private readonly discovery: Discovery,
    private readonly events: EventSink,
    private readonly now: () => number,
    private readonly http: FetchJsonOptions,
    maxEntries: number,
  ) {
    this.decisions = new LRUCache({ max: maxEntries, ttlResolution: 0, perf: { now } });
  }

  /** Whether Keycloak grants `permission` to the token. @throws AuthError (401, 503) */
  async decide(
    token: string,
    issuer: string,
    expiresAt: number,
    permission: string,
  ): Promise<boolean> {
    const key = `${permission}\n${token}`;
    const cached = this.decisions.get(key);
    if (cached) return cached.granted;
    const { status, json } = await this.ask(token, issuer, {
      permission,
      response_mode: 'decision',
    });
    let granted: boolean;
    if (status === 200 && isJsonObject(json) && json.result === true) granted = true;
    else if (status === 403 && isJsonObject(json) && json.error === 'access_denied')
      granted = false;
    else throw this.unexpected(status, json);
    const ttl = Math.min(this.config.cacheTtl, expiresAt - this.now());
    if (ttl > 0) this.decisions.set(key, { granted }, { ttl });

    return granted;
  }

  /** Every permission Keycloak grants the token. @throws AuthError (401, 503) */
  async permissions(token: string, issuer: string): Promise<readonly GrantedPermission[]> {
    const { status, json } = await this.ask(token, issuer, { response_mode: 'permissions' });
    if (status === 403 && isJsonObject(json) && json.error === 'access_denied') return [];
    if (status !== 200 || !Array.isArray(json)) throw this.unexpected(status, json);
    return json.filter(isJsonObject).map((entry) => ({
      ...(typeof entry.rsid === 'string' ? { rsid: entry.rsid } : {}),
      ...(typeof entry.rsname === 'string' ? { rsname: entry.rsname } : {}),
      scopes: Array.isArray(entry.scopes)
        ? entry.scopes.filter((s): s is string => typeof s === 'string')
        : [],
    }));
  }

  private async ask(token: string, issuer: string, params: Record<string, string>) {
    if (!this.config.audience) {
      throw this.problem(
        'UMA decisions need the resource server client id: set uma.audience or audience',
      );
    }
    const { token_endpoint: endpoint } = await this.discovery.get(issuer);
    if (typeof endpoint !== 'string')
      throw this.problem('the issuer metadata has no token_endpoint');
    const form = new URLSearchParams({
      grant_type: UMA_GRANT,
      audience: this.config.audience,
      ...params,
    });
    try {
      return await requestJson(
        endpoint,
        { method: 'POST', headers: { authorization: `Bearer ${token}` }, form },
        this.http,
      );
    } catch {
      if (this.events.enabled) {
        this.events.emit({
          type: 'fetch_failed',
          issuer,
          resource: 'uma',
          kind: 'unavailable',
          reason: 'UMA decision request failed',
          servingStale: false,
        });
      }
      throw idpUnavailable(1);
    }
  }

  private unexpected(status: number, json: unknown): AuthError {
    const error = isJsonObject(json) && typeof json.error === 'string' ? json.error : undefined;
    // Keycloak refuses an invalid, expired or logged-out bearer token with invalid_grant (401
    // before 26.6, 400 since).
    if (status === 401 || error === 'invalid_grant' || error === 'invalid_token') {
      return invalidToken(
        'token_inactive',
        'The identity provider no longer accepts the access token',
      );
    }
    return this.problem(
      `unexpected UMA answer (HTTP ${status}${error ? `, ${error}` : ''}): check that uma.audience ` +
        'names a client with Authorization Services enabled and that the permission exists',
    );
  }

  private problem(hint: string): AuthError {
    if (this.events.enabled)
      this.events.emit({ type: 'configuration_problem', code: 'idp_unavailable', hint });
    return idpUnavailable(30);
  }
}
