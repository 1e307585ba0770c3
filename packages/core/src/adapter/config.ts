import type { VerifierOptions } from '../options.js';
import { createVerifier, type Verifier } from '../verifier.js';

/**
 * Options every adapter shares on top of the verifier options: `optional` authentication and a
 * custom error renderer `E` (its shape depends on the framework).
 */
export interface GuardOptions<E = never> {
  /** No credential → the request goes on without a principal. An invalid token is still rejected. */
  optional?: boolean;
  /** Renders an AuthError yourself instead of the default status, headers and JSON body. */
  onError?: E;
}

/** What `realmguard(...)` and `createGuard(...)` accept: options, or a verifier to share. */
export type GuardInput<E = never> = (VerifierOptions & GuardOptions<E>) | Verifier;

/** A resolved guard: the verifier and the adapter options, defaults filled in. */
export interface GuardConfig<E = never> {
  readonly verifier: Verifier;
  readonly optional: boolean;
  readonly onError: E | undefined;
}

/**
 * True when `value` is a verifier made by `createVerifier`, rather than options for one.
 *
 * @example
 * ```ts
 * isVerifier(createVerifier({ issuer, audience })); // true
 * isVerifier({ issuer, audience }); // false
 * ```
 */
export function isVerifier(value: unknown): value is Verifier {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Verifier).authenticate === 'function' &&
    typeof (value as Verifier).verify === 'function'
  );
}

/**
 * Resolves what an adapter was given: creates the verifier (once) unless one was passed, and
 * merges the adapter options of the first and second argument (the second wins).
 *
 * @example
 * ```ts
 * const config = guardConfig({ issuer, audience: 'orders-api', optional: true });
 * const shared = guardConfig(config.verifier, { onError });
 * ```
 */
export function guardConfig<E>(
  input: GuardInput<E>,
  options: GuardOptions<E> = {},
): GuardConfig<E> {
  const inline: GuardOptions<E> = isVerifier(input) ? {} : input;
  return {
    verifier: isVerifier(input) ? input : createVerifier(input),
    optional: (options.optional ?? inline.optional) === true,
    onError: options.onError ?? inline.onError,
  };
}

const GUARD = Symbol('realmguard.guard');

/**
 * The guard of a framework request object (Express `req`, Koa `ctx`, Hono `c`): `own` when the
 * middleware has one (the first to run is remembered on the object), else the one remembered,
 * so that a later `requireX` reuses the verifier of the `realmguard()` that ran before it. A
 * symbol property, not a WeakMap entry per request.
 *
 * @example
 * ```ts
 * const config = requestGuard(req, own);
 * if (!config) return next(missingGuardError());
 * ```
 */
export function requestGuard<E>(
  request: object,
  own: GuardConfig<E> | undefined,
): GuardConfig<E> | undefined {
  const holder = request as { [GUARD]?: GuardConfig<E> };
  if (own === undefined) return holder[GUARD];
  holder[GUARD] ??= own;
  return own;
}
