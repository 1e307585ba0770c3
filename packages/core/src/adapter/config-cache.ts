import { LRUCache } from 'lru-cache';
import type { VerifierOptions } from '../options.js';
import type { Verifier } from '../verifier.js';
import {
  guardConfig,
  isVerifier,
  type GuardConfig,
  type GuardInput,
  type GuardOptions,
} from './config.js';

/**
 * Most verifiers one guard with per-request options keeps; the least recently used goes first.
 *
 * @example
 * ```ts
 * // realmguard((c) => ({ issuer: c.env.ISSUER, audience })) keeps one verifier per distinct
 * // options, and at most MAX_VERIFIERS of them.
 * console.log(`verifiers kept per guard: ${MAX_VERIFIERS}`);
 * ```
 */
export const MAX_VERIFIERS = 32;

const ids = new WeakMap<object, number>();
let nextId = 0;

/** A stable identity for values JSON cannot compare (functions such as `fetch` or `now`). */
function idOf(value: object): string {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = nextId++));
  return `#${id}`;
}

/**
 * Equal options give equal keys: plain values by content, functions by identity. So options
 * built per request from `c.env` share one verifier (and its key and token caches).
 */
function keyOf(options: VerifierOptions): string {
  return JSON.stringify(options, (_name, value: unknown) =>
    typeof value === 'function'
      ? idOf(value)
      : value instanceof Uint8Array
        ? Array.from(value)
        : value,
  );
}

/**
 * One guard config per distinct options returned by `optionsOf` (a function of the request, as
 * edge runtimes read `c.env`), created on first use and kept in an LRU of {@link MAX_VERIFIERS}
 * entries: a tenant in use is never dropped for one that came later. Not keyed by the `env`
 * object: its identity is not stable everywhere (`@hono/node-server` makes a new one per
 * request), while the options derived from it are.
 *
 * @example
 * ```ts
 * const configOf = cachedConfigs((c: Context) => ({ issuer: c.env.ISSUER, audience }), options);
 * const config = configOf(c); // the same config for every request with the same options
 * ```
 */
export function cachedConfigs<C, E>(
  optionsOf: (context: C) => VerifierOptions | Verifier,
  options: GuardOptions<E> | undefined,
): (context: C) => GuardConfig<E> {
  const configs = new LRUCache<string, GuardConfig<E>>({ max: MAX_VERIFIERS });
  return (context) => {
    const input = optionsOf(context);
    if (isVerifier(input)) return guardConfig(input, options);
    const key = keyOf(input);
    let config = configs.get(key);
    if (config === undefined) {
      config = guardConfig(input, options);
      configs.set(key, config);
    }
    return config;
  };
}

/**
 * What an adapter accepts when options may depend on the request: options, a verifier to share,
 * or a function of the request context that returns either (edge runtimes read `c.env`).
 */
export type ContextualGuardInput<C, E> =
  GuardInput<E> | ((context: C) => VerifierOptions | Verifier);

/**
 * The guard config of each request: the one config of fixed options, or one per distinct
 * options that `input(context)` returns ({@link cachedConfigs}).
 *
 * @example
 * ```ts
 * const configOf = guardConfigOf((c: Context) => ({ issuer: c.env.ISSUER, audience }), options);
 * guardRequest(HONO, configOf(c), policy, c, undefined, next);
 * ```
 */
export function guardConfigOf<C, E>(
  input: ContextualGuardInput<C, E>,
  options?: GuardOptions<E>,
): (context: C) => GuardConfig<E> {
  if (typeof input === 'function') return cachedConfigs(input, options);
  const config = guardConfig(input, options);
  return () => config;
}
