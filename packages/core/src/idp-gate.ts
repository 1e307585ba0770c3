/**
 * The backoff of one identity-provider endpoint (introspection, the token endpoint for UMA,
 * userinfo) when nothing cached can decide. After a failure (5xx, 429, refused, timed out, or
 * the client's credentials rejected) no request calls the endpoint for about one second; then
 * one request probes it, and another one a second later if the first has not been answered
 * yet (a hanging probe must not hold recovery up for the whole timeout). The window never
 * grows: a valid token is answered within about a second of the identity provider answering
 * again, and a failing one sees about one call a second from each verifier (the jitter keeps
 * instances from probing in step).
 */

/** How long an endpoint rests after a failure, and the least time between two probes. */
export const PROBE_INTERVAL = 1_000;
/** Up to this share of the interval is added at random. */
const JITTER = 0.2;

/** Whether a call may go to the endpoint now. */
export type Admission =
  | {
      readonly allowed: true;
      /** Clock ms when the call was let through (see `failed`). */
      readonly at: number;
    }
  | { readonly allowed: false; readonly retryAfter: number };

export class EndpointGate {
  /** Clock ms until which no call goes out; 0 while the endpoint is healthy. */
  private until = 0;
  /** Clock ms of the last probe let through while resting. */
  private lastProbe = Number.NEGATIVE_INFINITY;
  /** Clock ms of the last answer: calls let through before it cannot open a window any more. */
  private lastAnswer = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether the endpoint is resting after a failure (health checks). */
  get backingOff(): boolean {
    return this.until !== 0;
  }

  /** The seconds to wait when a call would be refused now; unlike `admit`, claims no probe. */
  blocked(): number | undefined {
    if (this.until === 0) return undefined;
    return this.refusal(this.now());
  }

  /**
   * Lets a call go when the endpoint is healthy, or as the probe of this second after the rest;
   * refuses it (with the seconds to wait) otherwise.
   */
  admit(): Admission {
    const now = this.now();
    if (this.until === 0) return { allowed: true, at: now };
    const retryAfter = this.refusal(now);
    if (retryAfter !== undefined) return { allowed: false, retryAfter };
    this.lastProbe = now;
    return { allowed: true, at: now };
  }

  /** The endpoint answered (whatever the answer): calls go out freely again. */
  succeeded(): void {
    this.until = 0;
    this.lastAnswer = this.now();
    this.lastProbe = Number.NEGATIVE_INFINITY;
  }

  /**
   * A call let through at clock ms `at` failed: rest for about a second. Returns true when
   * this failure starts a new window (report it then: once per window, not once per request).
   * A call older than the last answer, or one that fails while a window is open, starts none.
   */
  failed(at: number): boolean {
    if (at < this.lastAnswer) return false;
    const now = this.now();
    if (this.until !== 0 && now < this.until) return false;
    this.until = now + PROBE_INTERVAL * (1 + JITTER * this.random());
    return true;
  }

  /** Seconds until the next call is allowed (at least 1), for `Retry-After`. */
  retryAfter(): number {
    return this.blocked() ?? 1;
  }

  private refusal(now: number): number | undefined {
    if (now < this.until) return secondsUntil(this.until, now);
    if (now - this.lastProbe < PROBE_INTERVAL) {
      return secondsUntil(this.lastProbe + PROBE_INTERVAL, now);
    }
    return undefined;
  }
}

/** Whole seconds for `Retry-After`: rounded (a window is 1 to 1.2 s), at least 1. */
function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.round((until - now) / 1000));
}
