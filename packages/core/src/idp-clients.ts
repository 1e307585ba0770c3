import { ConcurrencyLimit } from './concurrency.js';
import type { Discovery } from './discovery.js';
import type { EventSink } from './events.js';
import type { FetchJsonOptions } from './http.js';
import { Introspector, type CacheLimits } from './introspection.js';
import type { ResolvedOptions } from './options.js';
import { ProblemReporter } from './problem-reporter.js';
import type { SharedAnswers } from './shared-answers.js';
import { UmaClient } from './uma.js';
import { UserinfoClient } from './userinfo.js';

/** The verifier's clients of identity-provider calls made on behalf of a request. */
export interface IdpClients {
  introspector: Introspector | undefined;
  uma: UmaClient;
  userinfo: UserinfoClient;
  /** `configuration_problem` events met while building principals, once a minute each. */
  problems: ProblemReporter;
}

/** Defaults when the verified-token cache is off (the IdP-answer caches always exist). */
const DEFAULT_LIMITS: CacheLimits = { maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 };

/**
 * Creates the introspection, UMA and userinfo clients. Each keeps its answers in a cache of its
 * own, bounded like the verified-token cache: `cache.maxEntries` entries and `cache.maxBytes`
 * estimated bytes (defaults 10,000 and 32 MiB). With a shared store (`shared`), introspection
 * answers and UMA decisions are also shared between instances.
 */
export function createIdpClients(
  options: ResolvedOptions,
  discovery: Discovery,
  events: EventSink,
  http: FetchJsonOptions,
  shared?: SharedAnswers,
): IdpClients {
  const limits = options.cache || DEFAULT_LIMITS;
  const { now } = options;
  return {
    introspector: options.introspection
      ? new Introspector(options.introspection, discovery, events, now, http, limits, shared)
      : undefined,
    uma: new UmaClient(options.uma, discovery, events, now, http, limits, shared),
    userinfo: new UserinfoClient(
      discovery,
      events,
      now,
      http,
      new ConcurrencyLimit(16, 1_000),
      limits,
    ),
    problems: new ProblemReporter(events, now, 60_000),
  };
}
