import { LRUCache } from 'lru-cache';
import type { ConcurrencyLimit } from './concurrency.js';
import type { Discovery } from './discovery.js';
import type { Confirmation } from './dpop/confirmation.js';
import { AuthError, ConfigurationError, idpUnavailable, invalidToken } from './errors.js';
import { reportOutages, type EventSink } from './events.js';
import type { FetchJsonOptions } from './http.js';
import { IdpChannel, type IdpAnswer } from './idp-channel.js';
import type { CacheLimits } from './introspection.js';
import { RecentCalls } from './recent-calls.js';
import { isOwnRecord } from './untrusted-json.js';

/**
 * OpenID Connect userinfo, fetched with the user's access token: once per token (cached until
 * its exp, in a cache bounded in entries and estimated bytes, concurrent requests sharing one
 * call), through an {@link IdpChannel} (cap, deadline, byte cap, one probe a second after an
 * outage). Keycloak's answers: 401 (token no longer valid, or a lightweight token on 26.6.2+)
 * and 403 (no `openid` scope).
 */

/** How long an unusable answer is reused. */
const NEGATIVE_TTL = 5_000;
const ENTRY_OVERHEAD = 128;

type Entry =
  | { readonly kind: 'info'; readonly info: Record<string, unknown>; readonly bytes: number }
  | { readonly kind: 'inactive' }
  | { readonly kind: 'no_openid' }
  | { readonly kind: 'unusable' };

function read(answer: IdpAnswer): Entry {
  if (!answer.readable) return { kind: 'unusable' };
  const { status, json, bytes } = answer;
  if (status === 200 && isOwnRecord(json)) return { kind: 'info', info: json, bytes };
  if (status === 401) return { kind: 'inactive' };
  if (status === 403) return { kind: 'no_openid' };
  return { kind: 'unusable' };
}

/**
 * Why a sender-constrained token's userinfo is not fetched: Keycloak's userinfo endpoint wants
 * the same proof of possession as any resource server (a DPoP proof signed with the client's
 * key, or the client's TLS certificate), and the API holds neither. Sending the token as a
 * plain Bearer token would only be refused (and read as a revoked token), so nothing is sent.
 *
 * @example
 * ```ts
 * if (principal.confirmation) throw boundTokenUserinfo(principal.confirmation);
 * ```
 */
export function boundTokenUserinfo(confirmation: Confirmation): ConfigurationError {
  const [kind, proof] =
    confirmation.jkt !== undefined
      ? ['DPoP-bound', "it takes a DPoP proof signed with the client's private key"]
      : ['certificate-bound', "Keycloak wants the client's TLS certificate"];
  return new ConfigurationError(
    `realmguard: principal.userinfo() cannot call userinfo for a ${kind} access token: ${proof}, ` +
      'which this API does not hold. Read the claims from the access token (add them with ' +
      'Keycloak protocol mappers), or let the client call userinfo.',
  );
}

export class UserinfoClient {
  private readonly answers: LRUCache<string, Entry>;
  private readonly calls: RecentCalls<Entry>;
  private readonly channels = new Map<string, IdpChannel>();

  constructor(
    private readonly discovery: Discovery,
    private readonly events: EventSink,
    private readonly now: () => number,
    private readonly http: FetchJsonOptions,
    private readonly limit: ConcurrencyLimit,
    limits: CacheLimits,
  ) {
    this.answers = new LRUCache<string, Entry>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (entry, token) =>
        token.length + ENTRY_OVERHEAD + (entry.kind === 'info' ? entry.bytes : 0),
      ttlResolution: 0,
      perf: { now },
    });
    this.calls = new RecentCalls(now, limit.max + limit.maxQueued);
  }

  /**
   * The userinfo of the token's user.
   * @throws AuthError 401 (token no longer accepted), 403 (no `openid` scope), 503.
   */
  async get(token: string, issuer: string, expiresAt: number): Promise<Record<string, unknown>> {
    const entry =
      this.answers.get(token) ??
      (await this.calls.run(token, async () => {
        const answer = await this.ask(token, issuer);
        const lifetime = expiresAt - this.now();
        const ttl = answer.kind === 'unusable' ? Math.min(NEGATIVE_TTL, lifetime) : lifetime;
        // lru-cache reads ttl 0 as "forever": an answer for an expired token is not kept.
        if (ttl >= 1) this.answers.set(token, answer, { ttl });
        return answer;
      }));
    switch (entry.kind) {
      case 'info':
        return entry.info;
      case 'inactive':
        throw invalidToken('token_inactive', { reason: 'rejected_by_idp' });
      case 'no_openid':
        throw new AuthError({
          code: 'missing_scope',
          description: 'Userinfo needs a token with the openid scope',
          scope: 'openid',
        });
      default:
        throw idpUnavailable(Math.ceil(NEGATIVE_TTL / 1000));
    }
  }

  private async ask(token: string, issuer: string): Promise<Entry> {
    const { userinfo_endpoint: endpoint } = await this.discovery.get(issuer);
    if (typeof endpoint !== 'string') throw idpUnavailable(30);
    let channel = this.channels.get(issuer);
    if (!channel) {
      channel = new IdpChannel({
        limit: this.limit,
        http: this.http,
        now: this.now,
        onOutage: reportOutages(this.events, 'userinfo', issuer),
      });
      this.channels.set(issuer, channel);
    }
    const answer = await channel.call(endpoint, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    return read(answer);
  }
}
