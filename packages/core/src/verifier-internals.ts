import { ConfigurationError } from './errors.js';
import type { EventSink } from './events.js';
import type { KeyStore } from './keys.js';
import type { ResolvedOptions } from './options.js';
import type { Revocations } from './revocation.js';
import type { StoreAccess } from './store-access.js';

/**
 * What the receivers of revocations (back-channel logout, not-before push) need from the
 * verifier they revoke for: its options, its issuers' keys, its revoked set and its store. Held
 * beside the verifier (a WeakMap), never in a property of it, so the public surface stays small.
 */
export interface VerifierInternals {
  readonly options: ResolvedOptions;
  readonly keys: KeyStore;
  readonly revocations: Revocations;
  readonly store: StoreAccess;
  readonly events: EventSink;
}

const registry = new WeakMap<object, VerifierInternals>();

/** Remembers the internals of a verifier made by `createVerifier`. */
export function registerInternals<V extends object>(verifier: V, internals: VerifierInternals): V {
  registry.set(verifier, internals);
  return verifier;
}

/**
 * The internals of a verifier made by `createVerifier`.
 * @throws ConfigurationError for anything else.
 */
export function internalsOf(verifier: object): VerifierInternals {
  const internals = registry.get(verifier);
  if (!internals) {
    throw new ConfigurationError(
      'realmguard: pass the verifier made by createVerifier() (or the one a guard exposes)',
    );
  }
  return internals;
}
