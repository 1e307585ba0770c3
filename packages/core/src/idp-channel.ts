import type { ConcurrencyLimit } from './concurrency.js';
import { idpUnavailable } from './errors.js';
import { reportOutages, type EventSink, type IdpResource } from './events.js';
import { IdpFetchError, requestJson, type FetchJsonOptions, type JsonRequest } from './http.js';
import { EndpointGate } from './idp-gate.js';
import { JsonTooDeepError, ownJson } from './untrusted-json.js';

/**
 * One way to call an identity-provider endpoint on behalf of a request (introspection, UMA,
 * userinfo), with the JWKS path's discipline:
 *
 * - a shared cap on calls in flight and a bounded queue;
 * - one deadline (`timeout`) for the whole call, queue included;
 * - the endpoint's backoff ({@link EndpointGate}): after an outage no call for about a second,
 *   then one probe a second, while every other request gets a 503 with `Retry-After` at once;
 * - answers capped in bytes and copied into null-prototype objects ({@link ownJson}).
 *
 * Only an outage (network error, timeout, 5xx, 429) or a refusal the caller names (the client's
 * credentials rejected) starts the backoff; every other answer is the caller's to interpret.
 */

/** What the endpoint answered. */
export type IdpAnswer =
  | {
      readonly readable: true;
      readonly status: number;
      /** The body, copied with null prototypes; undefined when it is not JSON. */
      readonly json: unknown;
      /** Estimated heap bytes of `json`. */
      readonly bytes: number;
      /** The caller named this answer a refusal, and it started a backoff window. */
      readonly opensWindow: boolean;
    }
  | {
      /** Answered, but too large or too deeply nested to read. */
      readonly readable: false;
      readonly reason: string;
    };

export interface IdpChannelOptions {
  limit: ConcurrencyLimit;
  /** Timeout of the whole call and the largest body read. */
  http: FetchJsonOptions;
  now: () => number;
  /** Reports an outage (a `fetch_failed` event); `opensWindow` is true once per window. */
  onOutage: (reason: string, opensWindow: boolean) => void;
}

export class IdpChannel {
  readonly gate: EndpointGate;

  constructor(readonly options: IdpChannelOptions) {
    this.gate = new EndpointGate(options.now);
  }

  /**
   * Sends one request. `refusal(status)` names the answers that mean the endpoint refuses every
   * request (e.g. introspection client credentials rejected): they start the backoff too.
   * @throws AuthError 503 with `Retry-After` on an outage, during the backoff, or when no slot
   * came free in time.
   */
  async call(
    url: string,
    request: JsonRequest,
    refusal: (status: number) => boolean = () => false,
  ): Promise<IdpAnswer> {
    const resting = this.gate.blocked();
    if (resting !== undefined) throw idpUnavailable(resting);
    const { limit, http } = this.options;
    const outcome = await limit.run(
      (remaining) => this.send(url, request, refusal, remaining),
      http.timeout,
    );
    if ('refused' in outcome) throw idpUnavailable(1);
    return outcome.value;
  }

  private async send(
    url: string,
    request: JsonRequest,
    refusal: (status: number) => boolean,
    remaining: number,
  ): Promise<IdpAnswer> {
    // The backoff may have started while this request waited for a slot.
    const admission = this.gate.admit();
    if (!admission.allowed) throw idpUnavailable(admission.retryAfter);
    const { at } = admission;
    let status: number;
    let parsed: unknown;
    try {
      ({ status, json: parsed } = await requestJson(url, request, {
        ...this.options.http,
        timeout: remaining,
      }));
    } catch (error) {
      if (error instanceof IdpFetchError && error.kind === 'invalid_response') {
        this.gate.succeeded();
        return { readable: false, reason: error.message };
      }
      const opensWindow = this.gate.failed(at);
      this.options.onOutage(error instanceof Error ? error.message : 'unknown error', opensWindow);
      throw idpUnavailable(this.gate.retryAfter());
    }
    let opensWindow = false;
    if (refusal(status)) opensWindow = this.gate.failed(at);
    else this.gate.succeeded();
    try {
      const { value, bytes } = ownJson(parsed);
      return { readable: true, status, json: value, bytes, opensWindow };
    } catch (error) {
      if (error instanceof JsonTooDeepError) return { readable: false, reason: error.message };
      throw error;
    }
  }
}

/**
 * One {@link IdpChannel} per issuer, made on first use, each with its own backoff, all sharing
 * one cap on calls in flight; outages are reported as `fetch_failed` events of `resource`.
 *
 * @example
 * ```ts
 * const channels = new IssuerChannels({ limit, http, now }, events, 'userinfo');
 * const answer = await channels.of(issuer).call(endpoint, { method: 'GET', headers });
 * ```
 */
export class IssuerChannels {
  private readonly channels = new Map<string, IdpChannel>();

  constructor(
    private readonly options: Omit<IdpChannelOptions, 'onOutage'>,
    private readonly events: EventSink,
    private readonly resource: IdpResource,
  ) {}

  /** The issuer's channel. */
  of(issuer: string): IdpChannel {
    let channel = this.channels.get(issuer);
    if (!channel) {
      channel = new IdpChannel({
        ...this.options,
        onOutage: reportOutages(this.events, this.resource, issuer),
      });
      this.channels.set(issuer, channel);
    }
    return channel;
  }
}
