import { ConfigurationError } from './errors.js';
import type { IntrospectionOptions } from './introspection-options.js';
import type { VerifierOptions } from './options.js';

/**
 * Deprecated option names, resolved to today's before validation. Every cache lifetime is a
 * `maxAge` (as `keys.maxAge` and `dpop.proofMaxAge` always were):
 *
 * | deprecated                         | today                            |
 * | ---------------------------------- | -------------------------------- |
 * | `discovery.ttl`                    | `discovery.maxAge`               |
 * | `introspection.cacheTtl`           | `introspection.maxAge`           |
 * | `introspection.negativeCacheTtl`   | `introspection.negativeMaxAge`   |
 * | `uma.cacheTtl`                     | `uma.maxAge`                     |
 *
 * A deprecated name keeps working; given with today's name and another value, it fails fast.
 */

function merged(
  section: string,
  name: string,
  current: number | undefined,
  deprecatedName: string,
  deprecated: number | undefined,
): number | undefined {
  if (deprecated === undefined) return current;
  if (current !== undefined && current !== deprecated) {
    throw new ConfigurationError(
      `realmguard: ${section}.${deprecatedName} is the deprecated name of ${section}.${name}: ` +
        `give ${section}.${name} only`,
    );
  }
  return deprecated;
}

function introspectionNames(input: IntrospectionOptions): IntrospectionOptions {
  const { cacheTtl, negativeCacheTtl, ...rest } = input;
  if (cacheTtl === undefined && negativeCacheTtl === undefined) return input;
  return {
    ...rest,
    maxAge: merged('introspection', 'maxAge', input.maxAge, 'cacheTtl', cacheTtl),
    negativeMaxAge: merged(
      'introspection',
      'negativeMaxAge',
      input.negativeMaxAge,
      'negativeCacheTtl',
      negativeCacheTtl,
    ),
  };
}

/**
 * The options with every deprecated name replaced by today's (a copy when one was used; the
 * input unchanged otherwise, also when it is not an object: validation reports that).
 * @throws ConfigurationError when a deprecated name and today's name give different values.
 *
 * @example
 * ```ts
 * withCurrentNames({ issuer, audience, uma: { cacheTtl: 5_000 } }).uma; // { maxAge: 5000 }
 * ```
 */
export function withCurrentNames(options: VerifierOptions): VerifierOptions {
  if (typeof options !== 'object' || options === null) return options;
  let result = options;
  const { discovery, introspection, uma } = options;
  if (discovery?.ttl !== undefined) {
    const { ttl, ...rest } = discovery;
    const maxAge = merged('discovery', 'maxAge', discovery.maxAge, 'ttl', ttl);
    result = { ...result, discovery: { ...rest, maxAge } };
  }
  if (typeof introspection === 'object' && introspection !== null) {
    const renamed = introspectionNames(introspection);
    if (renamed !== introspection) result = { ...result, introspection: renamed };
  }
  if (uma?.cacheTtl !== undefined) {
    const { cacheTtl, ...rest } = uma;
    const maxAge = merged('uma', 'maxAge', uma.maxAge, 'cacheTtl', cacheTtl);
    result = { ...result, uma: { ...rest, maxAge } };
  }
  return result;
}
