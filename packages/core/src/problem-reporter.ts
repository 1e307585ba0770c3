import { LRUCache } from 'lru-cache';
import type { AuthErrorCode } from './errors.js';
import type { EventSink } from './events.js';

/**
 * Reports `configuration_problem` events at most once per `interval` for each distinct problem,
 * so that a misconfiguration met by every request is one line in the operator's log, not one
 * per request.
 */
export class ProblemReporter {
  private readonly recent: LRUCache<string, true>;

  constructor(
    private readonly events: EventSink,
    now: () => number,
    interval: number,
  ) {
    this.recent = new LRUCache({ max: 256, ttl: interval, ttlResolution: 0, perf: { now } });
  }

  /** Emits the event unless the same hint was reported within the interval. */
  report(code: AuthErrorCode, hint: string): void {
    if (!this.events.enabled || this.recent.has(hint)) return;
    this.recent.set(hint, true);
    this.events.emit({ type: 'configuration_problem', code, hint });
  }

  /** Emits the event now (the caller already limits it to once per backoff window). */
  always(code: AuthErrorCode, hint: string): void {
    if (!this.events.enabled) return;
    this.recent.set(hint, true);
    this.events.emit({ type: 'configuration_problem', code, hint });
  }
}
