import type { AuthErrorCode } from './errors.js';
import { IdpFetchError } from './http.js';
import type { RevocationKind } from './revocation-record.js';
import type { StoreOperation } from './store-access.js';

/** Which identity-provider resource a fetch was for. */
export type IdpResource = 'discovery' | 'jwks' | 'introspection' | 'token' | 'userinfo' | 'uma';

/**
 * What a verifier reports through `onEvent`. Events never carry a token or claim values.
 *
 * @example
 * ```ts
 * createVerifier({ issuer, audience, onEvent: (e) => e.type === 'fetch_failed' && log.warn(e) });
 * ```
 */
export type VerifierEvent =
  | {
      type: 'keys_refreshed';
      issuer: string;
      /** Signing key ids now published. */
      kids: readonly string[];
      /** Key ids that disappeared since the previous key set (they stop verifying). */
      dropped: readonly string[];
    }
  | { type: 'discovery_refreshed'; issuer: string }
  | {
      type: 'fetch_failed';
      issuer: string;
      resource: IdpResource;

      kind: 'unavailable' | 'invalid_response';
      reason: string;
      /** True when previously fetched data keeps serving. */
      servingStale: boolean;
    }
  | { type: 'verification_failed'; code: AuthErrorCode; issuer?: string }
  | { type: 'cache_hit' }
  | { type: 'cache_miss' }
  | {
      /** A problem only the operator can fix (e.g. a realm key too weak to accept). */
      type: 'configuration_problem';
      /**
       * The error requests get because of it, or `jwks_private_key`: the JWKS publishes private
       * key members (ignored: verification uses the public members only; never their values).
       */
      code: AuthErrorCode | 'jwks_private_key';
      hint: string;
    }
  | {
      /** A shared-store operation failed or timed out (at most one event a second per operation). */
      type: 'store_unavailable';
      operation: StoreOperation;
      reason: string;
      /** `onStoreUnavailable: 'fail-closed'`: tokens are refused until the store answers. */
      failClosed: boolean;
    }
  /** The revocation state is current again after the store was unavailable. */
  | { type: 'store_restored' }
  | {
      /** A revocation now applies: heard by this instance (`local`) or through the store. */
      type: 'revocation_applied';
      kind: RevocationKind;
      issuer: string;
      origin: 'local' | 'shared';
    };

/**
 * The `onError` of a refreshing cache that reports `fetch_failed` events for one resource.
 * Failures that are not tagged by the HTTP layer count as `fallbackKind`.
 *
 * @example
 * ```ts
 * new RefreshingCache({ ...options, onError: reportFetchFailures(events, 'jwks', 'unavailable') });
 * ```
 */
export function reportFetchFailures(
  events: EventSink,
  resource: IdpResource,
  fallbackKind: 'unavailable' | 'invalid_response',
): (issuer: string, error: unknown, servingStale: boolean) => void {
  return (issuer, error, servingStale) => {
    if (!events.enabled) return;
    const kind = error instanceof IdpFetchError ? error.kind : fallbackKind;
    const reason = error instanceof Error ? error.message : 'unknown error';
    events.emit({ type: 'fetch_failed', issuer, resource, kind, reason, servingStale });
  };
}

/**
 * The `onOutage` of an identity-provider channel (introspection, UMA, userinfo): a
 * `fetch_failed` event of kind `unavailable` for `issuer`, with nothing stale serving (these
 * answers are per token: no older one can stand in).
 *
 * @example
 * ```ts
 * new IdpChannel({ ...options, onOutage: reportOutages(events, 'userinfo', issuer) });
 * ```
 */
export function reportOutages(
  events: EventSink,
  resource: IdpResource,
  issuer: string,
): (reason: string) => void {
  return (reason) => {
    if (!events.enabled) return;
    events.emit({
      type: 'fetch_failed',
      issuer,
      resource,
      kind: 'unavailable',
      reason,
      servingStale: false,
    });
  };
}

/** A no-allocation-when-unused emitter: the hot path checks `enabled` before building events. */
export interface EventSink {
  readonly enabled: boolean;
  emit(event: VerifierEvent): void;
}

/** Wraps the user's hook so that a throwing hook never breaks a request. */
export function createEventSink(onEvent: ((event: VerifierEvent) => void) | undefined): EventSink {
  if (!onEvent) return { enabled: false, emit: () => undefined };
  return {
    enabled: true,
    emit(event) {
      try {
        onEvent(event);
      } catch {
        // An observability hook must not change the outcome of authentication.
      }
    },
  };
}
