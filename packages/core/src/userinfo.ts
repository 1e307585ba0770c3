import { AnswerCache, type CacheLimits } from './answer-cache.js';
import type { ConcurrencyLimit } from './concurrency.js';
import type { Discovery } from './discovery.js';
import type { Confirmation } from './dpop/confirmation.js';
import { AuthError, ConfigurationError, idpUnavailable, invalidToken } from './errors.js';
import type { EventSink } from './events.js';
import type { FetchJsonOptions } from './http.js';
import { IssuerChannels, type IdpAnswer } from './idp-channel.js';
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
  private readonly answers: AnswerCache<Entry>;
  private readonly channels: IssuerChannels;

  constructor(
    private readonly discovery: Discovery,
    events: EventSink,
    private readonly now: () => number,
    http: FetchJsonOptions,
    limit: ConcurrencyLimit,
    limits: CacheLimits,
  ) {
    this.channels = new IssuerChannels({ limit, http, now }, events, 'userinfo');
    this.answers = new AnswerCache<Entry>({
      limits,
      now,
      overhead: ENTRY_OVERHEAD,
      bytesOf: (entry) => (entry.kind === 'info' ? entry.bytes : 0),
      maxCalls: limit.max + limit.maxQueued,
    });
  }

  /**
   * The userinfo of the token's user.
   * @throws AuthError 401 (token no longer accepted), 403 (no `openid` scope), 503.
   */
  async get(token: string, issuer: string, expiresAt: number): Promise<Record<string, unknown>> {
    const entry = await this.answers.get(
      token,
      () => this.ask(token, issuer),
      (answer) => {
        const lifetime = expiresAt - this.now();
        return answer.kind === 'unusable' ? Math.min(NEGATIVE_TTL, lifetime) : lifetime;
      },
    );
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
    const answer = await this.channels.of(issuer).call(endpoint, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    return read(answer);
  }
}
