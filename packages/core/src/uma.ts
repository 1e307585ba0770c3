import { AnswerCache, type CacheLimits } from './answer-cache.js';
import { ConcurrencyLimit } from './concurrency.js';
import type { Discovery } from './discovery.js';
import { idpUnavailable, invalidToken, serverMisconfigured } from './errors.js';
import type { EventSink } from './events.js';
import type { FetchJsonOptions } from './http.js';
import { IssuerChannels } from './idp-channel.js';
import type { GrantedPermission } from './principal.js';
import { ProblemReporter } from './problem-reporter.js';
import type { SharedAnswers } from './shared-answers.js';
import { readUma, type UmaReading } from './uma-answer.js';

/**
 * Keycloak Authorization Services (UMA 2.0 grant) as a policy decision point: the user's token
 * asks the token endpoint whether it grants `resource#scope` (`response_mode=decision`) or
 * which permissions it grants (`response_mode=permissions`).
 *
 * - Answers are cached per whole token (and permission), never beyond the token's exp, in a
 *   cache bounded in entries and estimated bytes; concurrent identical questions share a call.
 * - The token endpoint gets introspection's discipline ({@link IdpChannel}): a cap on calls in
 *   flight, a deadline, answers capped in bytes, one probe a second after an outage.
 * - A definitive answer is never an outage (see `uma-answer.ts`): an unknown resource or scope
 *   is not granted (and reported once a minute per permission); a resource server without
 *   Authorization Services is a 500 for `MISCONFIGURED_TTL`, without asking again meanwhile.
 * - With a shared store, decisions (granted or not) are shared between instances.
 */

const UMA_GRANT = 'urn:ietf:params:oauth:grant-type:uma-ticket';
/** Calls in flight at once and waiting, across issuers. */
const MAX_CONCURRENT = 16;
const MAX_QUEUED = 1_000;
/** How long an answer that is not a decision (inactive token, unusable answer) is reused. */
const NEGATIVE_TTL = 5_000;
/** How long a misconfigured resource server answers 500 without a call. */
const MISCONFIGURED_TTL = 5_000;
/** How often the same unknown permission is reported. */
const REPORT_INTERVAL = 60_000;
const ENTRY_OVERHEAD = 128;

export interface UmaConfig {
  audience: string | undefined;
  maxAge: number;
  /** Largest UMA answer read, in bytes. Default 64 KiB. */
  maxResponseBytes?: number;
}

/** What a cached question carries to its call. */
interface Question {
  token: string;
  issuer: string;
  expiresAt: number;
  permission: string | undefined;
}

type Entry = Exclude<UmaReading, { kind: 'misconfigured' }>;

/** An answer that is not shared between instances (only decisions are). */
class LocalAnswer extends Error {
  constructor(readonly entry: Entry) {
    super('answer not shared');
  }
}

export class UmaClient {
  private readonly answers: AnswerCache<Entry>;
  private readonly channels: IssuerChannels;
  private readonly misconfiguredUntil = new Map<string, number>();
  private readonly problems: ProblemReporter;
  private readonly misconfigurations: ProblemReporter;

  constructor(
    private readonly config: UmaConfig,
    private readonly discovery: Discovery,
    events: EventSink,
    private readonly now: () => number,
    http: FetchJsonOptions,
    limits: CacheLimits,
    private readonly shared?: SharedAnswers,
  ) {
    this.channels = new IssuerChannels(
      {
        limit: new ConcurrencyLimit(MAX_CONCURRENT, MAX_QUEUED),
        http: { ...http, maxBytes: config.maxResponseBytes ?? 64 * 1024 },
        now,
      },
      events,
      'uma',
    );
    this.problems = new ProblemReporter(events, now, REPORT_INTERVAL);
    this.misconfigurations = new ProblemReporter(events, now, MISCONFIGURED_TTL);
    this.answers = new AnswerCache<Entry>({
      limits,
      now,
      overhead: ENTRY_OVERHEAD,
      bytesOf: (entry) => (entry.kind === 'permissions' ? entry.bytes : 0),
      maxCalls: MAX_CONCURRENT + MAX_QUEUED,
    });
  }

  /** The cached answer to a question, else the answer of a (shared) call, then cached. */
  private answer(key: string, question: Question): Promise<Entry> {
    return this.answers.get(
      key,
      () =>
        this.shared && question.permission !== undefined
          ? this.askShared(question)
          : this.ask(question),
      (entry) => this.ttlOf(entry, question),
    );
  }

  /** Whether Keycloak grants `permission` to the token. @throws AuthError (401, 500, 503) */
  async decide(
    token: string,
    issuer: string,
    expiresAt: number,
    permission: string,
  ): Promise<boolean> {
    const question = { token, issuer, expiresAt, permission };
    const entry = await this.answer(`${permission}\n${token}`, question);
    return this.settle(entry).kind === 'granted';
  }

  /** Every permission Keycloak grants the token. @throws AuthError (401, 500, 503) */
  async permissions(
    token: string,
    issuer: string,
    expiresAt: number,
  ): Promise<readonly GrantedPermission[]> {
    // A newline never occurs in a permission sent as one: this key is no decision's.
    const question = { token, issuer, expiresAt, permission: undefined };
    const entry = this.settle(await this.answer(`\n${token}`, question));
    return entry.kind === 'permissions' ? entry.permissions : [];
  }

  private ttlOf(entry: Entry, question: Question): number {
    const decided = entry.kind !== 'inactive' && entry.kind !== 'unusable';
    return Math.min(decided ? this.config.maxAge : NEGATIVE_TTL, question.expiresAt - this.now());
  }

  /** `ask` for a decision, shared with other instances through the store. */
  private async askShared(question: Question): Promise<Entry> {
    const { token, issuer, permission } = question;
    try {
      const granted = await this.shared!.decision(
        [this.config.audience ?? '', issuer, permission!, token],
        (value) => this.ttlOf({ kind: value ? 'granted' : 'denied' }, question),
        async () => {
          const entry = await this.ask(question);
          if (entry.kind === 'granted' || entry.kind === 'denied') return entry.kind === 'granted';
          throw new LocalAnswer(entry);
        },
      );
      return { kind: granted ? 'granted' : 'denied' };
    } catch (error) {
      if (error instanceof LocalAnswer) return error.entry;
      throw error;
    }
  }

  /** The entry of a decision or permission list; the error of any other answer. */
  private settle(entry: Entry): Entry {
    if (entry.kind === 'unusable') {
      throw idpUnavailable(Math.ceil(NEGATIVE_TTL / 1000));
    }
    if (entry.kind === 'inactive') {
      throw invalidToken('token_inactive', { reason: 'rejected_by_idp' });
    }
    return entry;
  }

  private async ask(question: Question): Promise<Entry> {
    const { token, issuer, permission } = question;
    const audience = this.config.audience;
    if (!audience) {
      this.misconfigurations.report(
        'server_misconfigured',
        'UMA decisions need the resource server client id: set uma.audience or audience',
      );
      throw serverMisconfigured();
    }
    if (this.now() < (this.misconfiguredUntil.get(issuer) ?? 0)) throw serverMisconfigured();
    const { token_endpoint: endpoint } = await this.discovery.get(issuer);
    if (typeof endpoint !== 'string') {
      this.misconfigurations.report('idp_unavailable', 'the issuer metadata has no token_endpoint');
      throw idpUnavailable(30);
    }
    const form = new URLSearchParams({ grant_type: UMA_GRANT, audience });
    if (permission !== undefined) form.set('permission', permission);
    form.set('response_mode', permission === undefined ? 'permissions' : 'decision');
    const answer = await this.channels.of(issuer).call(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      form,
    });
    const reading = readUma(answer, audience, permission);
    switch (reading.kind) {
      case 'misconfigured':
        this.misconfiguredUntil.set(issuer, this.now() + MISCONFIGURED_TTL);
        this.misconfigurations.report('server_misconfigured', reading.hint);
        throw serverMisconfigured();
      case 'unknown_permission':
        this.problems.report('missing_permission', reading.hint);
        return { kind: 'denied' };
      case 'unusable':
        this.misconfigurations.report('idp_unavailable', reading.hint);
        return reading;
      default:
        return reading;
    }
  }
}
