import type { EventSink } from './events.js';
import { createMemoryStore } from './memory-store.js';
import type { ResolvedOptions } from './options.js';
import { Revocations } from './revocation.js';
import { SharedAnswers } from './shared-answers.js';
import { StoreAccess } from './store-access.js';

/** A verifier's part of the shared store: access with deadlines, revocations, shared answers. */
export interface SharedState {
  readonly access: StoreAccess;
  readonly revocations: Revocations;
  /** Introspection/UMA answers through the store; only with a store given in the options. */
  readonly answers: SharedAnswers | undefined;
}

/**
 * Builds and starts a verifier's shared state: the store given in the options (else an
 * in-process one), the revoked set subscribed to it, and the shared answer caches.
 *
 * @example
 * ```ts
 * const shared = createSharedState(options, events);
 * const refusal = shared.revocations.check(principal);
 * ```
 */
export function createSharedState(options: ResolvedOptions, events: EventSink): SharedState {
  const { shared, now } = options;
  const store = shared.store ?? createMemoryStore({ now });
  const access = new StoreAccess(store, shared.storeTimeout, events, shared.failClosed, now);
  const revocations = new Revocations(
    access,
    { failClosed: shared.failClosed, resyncInterval: shared.resyncInterval, now },
    events,
  );
  revocations.start();
  // An in-process store of its own would only duplicate the local caches.
  const answers =
    shared.store === undefined
      ? undefined
      : new SharedAnswers(access, now, options.timeout + 1_000);
  return { access, revocations, answers };
}
