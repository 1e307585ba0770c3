import {
  guardConfig,
  isVerifier,
  type GuardConfig,
  type GuardOptions,
  type Verifier,
  type VerifierOptions,
} from '@realmguard/core';

/** Most verifiers one `realmguard(fn)` keeps; the oldest is dropped beyond that. */
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
 * One guard config per distinct options returned by `optionsOf`, created on first use. Not
 * keyed by the `env` object: its identity is not stable everywhere (`@hono/node-server` makes a
 * new one per request), while the options derived from it are.
 */
export function cachedConfigs<C, E>(
  optionsOf: (context: C) => VerifierOptions | Verifier,
  options: GuardOptions<E> | undefined,
): (context: C) => GuardConfig<E> {
  const configs = new Map<string, GuardConfig<E>>();
  return (context) => {
    const input = optionsOf(context);
    if (isVerifier(input)) return guardConfig(input, options);
    const key = keyOf(input);
    let config = configs.get(key);
    if (config === undefined) {
      config = guardConfig(input, options);
      if (configs.size >= MAX_VERIFIERS) configs.delete(configs.keys().next().value as string);
      configs.set(key, config);
    }
    return config;
  };
}
