import {
  clientCredentialsProblem,
  type ClientCredentials,
  type ResolvedClientCredentials,
} from './client-auth.js';
import { ConfigurationError } from './errors.js';
import { Secret } from './secret.js';

/** When realmguard asks the identity provider about a token. */
export type IntrospectionUse = 'opaque' | 'lightweight' | 'always';

/** When the principal of a Keycloak lightweight access token gets its full claims. */
export type LightweightCompletion = 'eager' | 'lazy';

/** The `introspection` option of `createVerifier`. */
export interface IntrospectionOptions extends ClientCredentials {
  /**
   * `opaque`: tokens that are not JWTs. `lightweight`: Keycloak lightweight JWTs (no role claims),
   * only when a role is checked. `always`: every token, so that revocation and logout take effect
   * within `maxAge`. Default `['opaque', 'lightweight']`.
   */
  use?: IntrospectionUse | readonly IntrospectionUse[];
  /** Upper bound on how long an answer is reused; never beyond the token's exp. Default 30 s. */
  maxAge?: number;
  /** How long an `active: false` answer is reused. Default 5 s. */
  negativeMaxAge?: number;
  /** @deprecated The old name of `maxAge`. */
  cacheTtl?: number;
  /** @deprecated The old name of `negativeMaxAge`. */
  negativeCacheTtl?: number;
  /** Most introspection calls in flight at once. Default 16. */
  maxConcurrent?: number;
  /** Most calls waiting for a slot; beyond it requests get a 503. Default 1000. */
  maxQueued?: number;
  /** Which allow-listed issuer opaque tokens are introspected at. Default: the only issuer. */
  issuer?: string;
  /**
   * When the principal of a Keycloak lightweight access token (no roles, usually no `sub`) is
   * completed from introspection (with `use` including `lightweight`):
   * - `'eager'` (default): before the handler runs, with one cached introspection call per
   *   token, so that `subject`, `username`, roles and every claim are there as for any token;
   * - `'lazy'`: only when a role or a missing claim is checked (or `principal.complete()` is
   *   awaited), which saves the call on routes that need neither.
   *
   * @example
   * ```ts
   * createVerifier({ issuer, audience, introspection: { clientId, clientSecret, completeLightweight: 'lazy' } });
   * ```
   */
  completeLightweight?: LightweightCompletion;
  /**
   * Largest introspection answer read, in bytes; a larger answer is refused (503 and a
   * `configuration_problem` event). Default 64 KiB.
   */
  maxResponseBytes?: number;
}

/** Introspection options after validation. */
export interface ResolvedIntrospection {
  /** The client; its secret is a {@link Secret}, so logging these options never shows it. */
  client: ResolvedClientCredentials;
  uses: ReadonlySet<IntrospectionUse>;
  maxAge: number;
  negativeMaxAge: number;
  maxConcurrent: number;
  maxQueued: number;
  issuer: string;
  completeLightweight: LightweightCompletion;
  maxResponseBytes: number;
}

const USES: readonly IntrospectionUse[] = ['opaque', 'lightweight', 'always'];
const COMPLETIONS: readonly LightweightCompletion[] = ['eager', 'lazy'];

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`realmguard: introspection.${name} must be a finite number > 0`);
  }
  return value;
}

/**
 * Validates the `introspection` option against the allow-listed issuers.
 * @throws TypeError with a message that says how to fix it.
 */
export function resolveIntrospection(
  input: IntrospectionOptions | undefined,
  issuers: readonly string[],
): ResolvedIntrospection | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null) {
    throw new ConfigurationError('realmguard: introspection must be an object');
  }
  const problem = clientCredentialsProblem('introspection', input);
  if (problem) throw new ConfigurationError(`realmguard: ${problem}`);
  const uses = new Set<IntrospectionUse>(
    input.use === undefined
      ? ['opaque', 'lightweight']
      : typeof input.use === 'string'
        ? [input.use]
        : input.use,
  );
  for (const use of uses) {
    if (!USES.includes(use))
      throw new ConfigurationError(`realmguard: unknown introspection.use "${String(use)}"`);
  }
  const completeLightweight = input.completeLightweight ?? 'eager';
  if (!COMPLETIONS.includes(completeLightweight)) {
    throw new ConfigurationError(
      'realmguard: introspection.completeLightweight must be "eager" (complete the principal ' +
        'before the handler runs) or "lazy" (only when a role or claim check needs it), got ' +
        `"${String(completeLightweight)}"`,
    );
  }
  const issuer = input.issuer ?? (issuers.length === 1 ? issuers[0] : undefined);
  if (issuer === undefined || !issuers.includes(issuer)) {
    throw new ConfigurationError(
      'realmguard: introspection.issuer must name one of the allow-listed issuers ' +
        '(required when several issuers are allowed)',
    );
  }
  return {
    client: {
      clientId: input.clientId,
      clientSecret: new Secret(input.clientSecret),
      authMethod: input.authMethod ?? 'client_secret_basic',
    },
    uses,
    maxAge: positive('maxAge', input.maxAge, 30_000),
    negativeMaxAge: positive('negativeMaxAge', input.negativeMaxAge, 5_000),
    maxConcurrent: positive('maxConcurrent', input.maxConcurrent, 16),
    maxQueued: positive('maxQueued', input.maxQueued, 1_000),
    issuer,
    completeLightweight,
    maxResponseBytes: positive('maxResponseBytes', input.maxResponseBytes, 64 * 1024),
  };
}
