import type { JWTPayload } from 'jose';
import { AnswerCache, type CacheLimits } from './answer-cache.js';
import { authenticateClient } from './client-auth.js';
import { ConcurrencyLimit } from './concurrency.js';
import type { Discovery } from './discovery.js';
import { idpUnavailable, invalidToken } from './errors.js';
import { reportOutages, type EventSink } from './events.js';
import type { FetchJsonOptions } from './http.js';
import { IdpChannel } from './idp-channel.js';
import { readIntrospection, refusesClient, type Reading } from './introspection-answer.js';
import type { ResolvedIntrospection } from './introspection-options.js';
import { ProblemReporter } from './problem-reporter.js';
import type { SharedAnswers, SharedIntrospection } from './shared-answers.js';
import { JsonTooDeepError, ownJson } from './untrusted-json.js';

/**
 * RFC 7662 token introspection against the issuer's `introspection_endpoint`:
 *
 * - answers cached per whole token (never beyond `exp`), in a cache bounded in entries and in
 *   estimated bytes (the token and the claims it holds); concurrent identical calls shared
 *   ({@link AnswerCache});
 * - inactive, invalid and unusable answers cached for `negativeMaxAge`;
 * - a cap on calls in flight, a deadline for each call (queue included), answers capped in
 *   bytes, and after an outage or refused client credentials one probe a second, while other
 *   requests get a 503 with `Retry-After` at once (see {@link IdpChannel});
 * - with a shared store, active and inactive answers are shared between instances (and read
 *   back from the store as untrusted as from the identity provider).
 */

/** The claims of an active token and the heap they are estimated to take. */
export interface Introspected {
  readonly claims: JWTPayload;
  readonly bytes: number;
}

/** What the cache keeps for a token. */
type Answer =
  | { readonly kind: 'active'; readonly claims: JWTPayload; readonly bytes: number }
  | { readonly kind: 'inactive' }
  | Extract<Reading, { kind: 'invalid' }>
  | { readonly kind: 'unusable' };

/** Bytes an entry takes beyond its token and claims (entry, key and answer objects). */
const ENTRY_OVERHEAD = 256;

/** An answer that is not shared between instances (only active/inactive ones are). */
class LocalAnswer extends Error {
  constructor(readonly answer: Answer) {
    super('answer not shared');
  }
}

export type { CacheLimits };

export class Introspector {
  private readonly cache: AnswerCache<Answer>;
  private readonly channel: IdpChannel;
  private readonly problems: ProblemReporter;

  constructor(
    private readonly config: ResolvedIntrospection,
    private readonly discovery: Discovery,
    events: EventSink,
    private readonly now: () => number,
    http: FetchJsonOptions,
    limits: CacheLimits,
    private readonly shared?: SharedAnswers,
  ) {
    this.problems = new ProblemReporter(events, now, config.negativeMaxAge);
    this.channel = new IdpChannel({
      limit: new ConcurrencyLimit(config.maxConcurrent, config.maxQueued),
      http: { ...http, maxBytes: config.maxResponseBytes },
      now,
      onOutage: reportOutages(events, 'introspection', config.issuer),
    });
    this.cache = new AnswerCache<Answer>({
      limits,
      now,
      overhead: ENTRY_OVERHEAD,
      bytesOf: (answer) => (answer.kind === 'active' ? answer.bytes : 0),
      maxCalls: config.maxConcurrent + config.maxQueued,
    });
  }

  /** Calls in flight and waiting, answers cached and their estimated bytes, for stats. */
  get load(): {
    inFlight: number;
    queued: number;
    cached: number;
    bytes: number;
    backingOff: boolean;
  } {
    const { limit } = this.channel.options;
    return {
      inFlight: limit.inFlight,
      queued: limit.queued,
      cached: this.cache.size,
      bytes: this.cache.bytes,
      backingOff: this.channel.gate.backingOff,
    };
  }

  /**
   * The claims of an active token (without `active`/`token_type`) and their estimated size, or
   * undefined when the identity provider says it is not active.
   * @throws AuthError 401 for an answer with invalid members; 503 when the identity provider
   * cannot answer (or refuses the introspecting client).
   */
  async introspect(token: string): Promise<Introspected | undefined> {
    const answer = await this.cache.get(
      token,
      () => (this.shared ? this.callShared(token) : this.call(token)),
      (answer) => this.ttlOf(answer.kind === 'active' ? answer.claims : undefined),
    );
    switch (answer.kind) {
      case 'active':
        return answer;
      case 'inactive':
        return undefined;
      case 'invalid':
        throw invalidToken(answer.code, { claim: answer.claim });
      default:
        throw idpUnavailable(Math.ceil(this.config.negativeMaxAge / 1000));
    }
  }

  /** How long an answer (the claims of an active token, or undefined) is reused. */
  private ttlOf(claims: JWTPayload | undefined): number {
    return claims
      ? Math.min(this.config.maxAge, expiresAt(claims) - this.now())
      : this.config.negativeMaxAge;
  }

  /** `call`, shared with other instances through the store. */
  private async callShared(token: string): Promise<Answer> {
    let own: Answer | undefined;
    try {
      const shared = await this.shared!.introspection(
        [this.config.client.clientId, this.config.issuer, token],
        (answer) => this.ttlOf(answer.claims),
        async (): Promise<SharedIntrospection> => {
          own = await this.call(token);
          if (own.kind === 'active') return { claims: own.claims };
          if (own.kind === 'inactive') return { claims: undefined };
          throw new LocalAnswer(own);
        },
      );
      return own ?? this.fromStore(shared);
    } catch (error) {
      if (error instanceof LocalAnswer) return error.answer;
      throw error;
    }
  }

  /** An answer another instance stored, checked like one from the identity provider. */
  private fromStore(shared: SharedIntrospection): Answer {
    if (!shared.claims) return { kind: 'inactive' };
    let copy;
    try {
      copy = ownJson({ ...shared.claims, active: true });
    } catch (error) {
      if (error instanceof JsonTooDeepError) return { kind: 'unusable' };
      throw error;
    }
    const reading = readIntrospection(
      { readable: true, status: 200, json: copy.value, bytes: copy.bytes, opensWindow: false },
      this.config.client.clientId,
    );
    return reading.kind === 'refused' || reading.kind === 'unusable'
      ? { kind: 'unusable' }
      : reading;
  }

  private async call(token: string): Promise<Answer> {
    const { introspection_endpoint: endpoint } = await this.discovery.get(this.config.issuer);
    if (typeof endpoint !== 'string') {
      this.problems.report('idp_unavailable', 'the issuer metadata has no introspection_endpoint');
      throw idpUnavailable(30);
    }
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    const headers = authenticateClient(this.config.client, form);
    const answer = await this.channel.call(
      endpoint,
      { method: 'POST', headers, form },
      refusesClient,
    );
    const reading = readIntrospection(answer, this.config.client.clientId);
    switch (reading.kind) {
      case 'refused':
        // Once per backoff window, not once per request.
        if (answer.readable && answer.opensWindow) {
          this.problems.always('idp_unavailable', reading.hint);
        }
        throw idpUnavailable(this.channel.gate.retryAfter());
      case 'unusable':
        this.problems.report('idp_unavailable', reading.hint);
        return { kind: 'unusable' };
      default:
        return reading;
    }
  }
}

function expiresAt(claims: JWTPayload): number {
  return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
}
