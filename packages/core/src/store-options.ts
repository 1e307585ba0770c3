import { ConfigurationError } from './errors.js';
import type { SharedStore } from './store.js';

/** What a request gets when the shared store cannot answer. */
export type StoreUnavailablePolicy = 'fail-open' | 'fail-closed';

/**
 * The verifier options about state shared between instances (part of `VerifierOptions`).
 *
 * @example
 * ```ts
 * createVerifier({
 *   issuer, audience: 'orders-api',
 *   store: createRedisStore({ url: process.env.REDIS_URL }),
 *   onStoreUnavailable: 'fail-open',
 *   revocation: { maxTokenLifetime: 15 * 60_000 },
 * });
 * ```
 */
export interface SharedStoreOptions {
  /**
   * Where revocations, replay ids and introspection/UMA answers are shared between instances.
   * Default: an in-process store (one instance only). Several instances: `@realmguard/redis`.
   */
  store?: SharedStore;
  /** Deadline of each store operation in ms; a slower answer counts as unavailable. Default 50. */
  storeTimeout?: number;
  /**
   * While the store is unreachable (and the revocation state therefore maybe not current):
   * `'fail-open'` (default) keeps accepting tokens, checked against the revocations this
   * instance already holds, and emits `store_unavailable`; `'fail-closed'` refuses every token
   * with 503 until the store answers again. See the README's "Running many instances".
   */
  onStoreUnavailable?: StoreUnavailablePolicy;
  revocation?: {
    /**
     * The longest access-token lifetime of the realm(s) in ms: a revocation is kept this long
     * after it was issued, so that every token it rejects has expired by then. Default 1 hour.
     */
    maxTokenLifetime?: number;
    /** How often the revoked set is read back from the store besides reconnections. Default 30 s. */
    resyncInterval?: number;
  };
}

/** The shared-store options, validated, defaults filled in. */
export interface ResolvedSharedStore {
  store: SharedStore | undefined;
  storeTimeout: number;
  failClosed: boolean;
  maxTokenLifetime: number;
  resyncInterval: number;
}

const STORE_METHODS = [
  'get',
  'set',
  'setIfAbsent',
  'addToSet',
  'members',
  'publish',
  'subscribe',
] as const;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    throw new ConfigurationError(
      `realmguard: ${name} must be a finite number >= 1 (got ${String(value)})`,
    );
  }
  return value;
}

/**
 * Validates the shared-store options; fails fast with a message that says how to fix it.
 *
 * @example
 * ```ts
 * resolveSharedStore({ onStoreUnavailable: 'fail-closed' }).failClosed; // true
 * ```
 */
export function resolveSharedStore(options: SharedStoreOptions): ResolvedSharedStore {
  const { store, onStoreUnavailable } = options;
  if (store !== undefined) {
    const missing = STORE_METHODS.filter(
      (name) => typeof (store as unknown as Record<string, unknown>)?.[name] !== 'function',
    );
    if (missing.length > 0) {
      throw new ConfigurationError(
        `realmguard: store must implement the SharedStore contract (missing: ${missing.join(', ')}); ` +
          'use createRedisStore() from @realmguard/redis, or leave it out for the in-process store',
      );
    }
  }
  if (
    onStoreUnavailable !== undefined &&
    onStoreUnavailable !== 'fail-open' &&
    onStoreUnavailable !== 'fail-closed'
  ) {
    throw new ConfigurationError(
      `realmguard: onStoreUnavailable must be 'fail-open' or 'fail-closed' (got ${String(onStoreUnavailable)})`,
    );
  }
  return {
    store,
    storeTimeout: positive('storeTimeout', options.storeTimeout, 50),
    failClosed: onStoreUnavailable === 'fail-closed',
    maxTokenLifetime: positive(
      'revocation.maxTokenLifetime',
      options.revocation?.maxTokenLifetime,
      60 * 60_000,
    ),
    resyncInterval: positive(
      'revocation.resyncInterval',
      options.revocation?.resyncInterval,
      30_000,
    ),
  };
}
