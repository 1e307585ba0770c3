import { bearerCandidate, isB64Token, type RequestCredentials } from './bearer.js';
import { Discovery } from './discovery.js';
import { inRealm, invalidToken, isAuthError } from './errors.js';
import { createEventSink } from './events.js';
import { httpOptionsOf } from './http.js';
import { createIdpClients } from './idp-clients.js';
import { KeyStore } from './keys.js';
import { resolveOptions, type ResolvedOptions, type VerifierOptions } from './options.js';
import { permissionDenied } from './policy.js';
import type { GrantedPermission, Principal } from './principal.js';
import { resolveToken, type TokenServices } from './resolve-token.js';
import { VerifiedTokenCache, type TokenCacheStats } from './token-cache.js';
import type { RevocationStats } from './revocation.js';
import { createSharedState } from './shared-state.js';
import { registerInternals } from './verifier-internals.js';
import { SenderBinding } from './dpop/binding.js';

/** Health-check view of one issuer's cached state. */
export interface IssuerStats {
  readonly issuer: string;
  readonly discovery: { readonly cached: boolean; readonly fresh: boolean };
  readonly keys: {
    readonly kids: readonly string[];
    readonly fetchedAt: Date | undefined;
    readonly fresh: boolean;
    /** A refresh failed and the next attempt waits for its backoff. */
    readonly backingOff: boolean;
    /**
     * @deprecated The old name of `backingOff` (unrelated to the `keys.cooldown` option, the
     * least time between refetches for unknown kids).
     */
    readonly coolingDown: boolean;
    /** Why the last refresh failed, while older keys keep serving. */
    readonly lastError: string | undefined;
  };
}

/** What `verifier.stats()` returns. */
export interface VerifierStats {
  readonly tokens: TokenCacheStats | undefined;
  /** Introspection calls in flight, waiting, and answers cached (when introspection is on). */
  readonly introspection:
    | {
        inFlight: number;
        queued: number;
        cached: number;
        /** Estimated bytes of the cached answers (bounded by `cache.maxBytes`). */
        bytes: number;
        /** The endpoint failed and waits for its next probe. */
        backingOff: boolean;
        /** @deprecated The old name of `backingOff`. */
        coolingDown: boolean;
      }
    | undefined;
  readonly issuers: readonly IssuerStats[];
  /** Revoked sessions held locally, and whether they are current with the shared store. */
  readonly revocation: RevocationStats;
}

/** Verifies bearer access tokens. Create one per API and share it. */
export interface Verifier {
  /**
   * Verifies a raw access token.
   * @throws AuthError (401 invalid_token, 503 when the identity provider cannot be reached)
   */
  verify(token: string): Promise<Principal>;
  /** Extracts the bearer token of a request (RFC 6750) and verifies it. @throws AuthError */
  authenticate(request: RequestCredentials): Promise<Principal>;
  /**
   * The principal of a request whose bearer token this verifier verified before and still holds
   * in its token cache, synchronously; `undefined` in every other case (no cache, a token in the
   * query or body enabled, a new, expired or malformed token), where `authenticate` decides.
   * Adapters call it first, so that the common request, a token reused for its lifetime, costs
   * no promise at all.
   *
   * @example
   * ```ts
   * const principal = verifier.cached({ headers }) ?? (await verifier.authenticate({ headers }));
   * ```
   */
  cached(request: RequestCredentials): Principal | undefined;
  /**
   * Asks Keycloak Authorization Services whether `token` grants `permission` (`resource#scope`).
   * @throws AuthError 403 `insufficient_scope` when it does not; 401/503 like `verify`.
   */
  checkPermission(token: string, permission: string): Promise<void>;
  /** The permissions Keycloak Authorization Services grants `token` (`response_mode=permissions`). */
  permissions(token: string): Promise<readonly GrantedPermission[]>;
  /** Fetches discovery and keys of every issuer now, so the first requests do not wait. */
  warmUp(): Promise<void>;
  /** Cache sizes, hit counts and key-set freshness, for health checks. */
  stats(): VerifierStats;
  /** The validated options with defaults filled in. */
  readonly options: Readonly<ResolvedOptions>;
}

/**
 * Creates a verifier: options are validated here, and fail fast with a clear message.
 *
 * @example
 * ```ts
 * import { createVerifier, AuthError } from '@realmguard/core';
 *
 * const verifier = createVerifier({
 *   issuer: 'https://sso.example.com/realms/acme',
 *   audience: 'orders-api',
 * });
 * const principal = await verifier.authenticate({ headers: request.headers });
 * principal.hasRole('admin');
 * ```
 */
export function createVerifier(input: VerifierOptions): Verifier {
  const options = resolveOptions(input);
  const events = createEventSink(options.onEvent);
  const shared = createSharedState(options, events);
  const tokens = options.cache ? new VerifiedTokenCache(options.cache, options.now) : undefined;
  const discovery = new Discovery(options, events);
  const keys = new KeyStore(options, discovery, events, (issuer, kids) =>
    tokens?.purgeKeys(issuer, kids),
  );

  /** Reports a failure (events) and returns it as this verifier answers it: in its realm. */
  const reported = (error: unknown): unknown => {
    if (isAuthError(error) && events.enabled) {
      events.emit({ type: 'verification_failed', code: error.code });
      // Only the operator can fix these; the hint says how.
      if (error.code === 'weak_key' && error.hint) {
        events.emit({ type: 'configuration_problem', code: error.code, hint: error.hint });
      }
    }
    return inRealm(error, options.realm);
  };
  const fail = (error: unknown): never => {
    throw reported(error);
  };

  const http = httpOptionsOf(options);
  const services: TokenServices = {
    options,
    keys,
    discovery,
    http,
    fail,
    ...createIdpClients(options, discovery, events, http, shared.answers),
  };
  const { introspector } = services;

  /** `fail` as a rejected promise, for the functions below that return promises themselves. */
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an AuthError, or what the verifier rethrows as is
  const rejected = (error: unknown): Promise<never> => Promise.reject(reported(error));

  // Sender-constrained tokens (DPoP, mTLS): the request's scheme, proof and certificate.
  const sender = new SenderBinding({
    options,
    store: shared.access,
    events,
    report: reported,
  });
  /** `verify()` has no request: a bound token's proof or certificate cannot be checked. */
  const refuseUnverifiable = (principal: Principal): Principal | Promise<never> => {
    const refusal = sender.unverifiable(principal);
    return refusal ? rejected(refusal) : principal;
  };

  async function verifyUncached(token: string): Promise<Principal> {
    try {
      const resolved = await resolveToken(token, services);
      const revoked = shared.revocations.check(resolved.principal);
      if (revoked) return fail(revoked);
      // Only b64tokens are cached: `cached()` trusts a whole-string match to prove the form.
      if (tokens && isB64Token(token)) {
        const { principal, issuer, kid, maxTtl, bytes } = resolved;
        tokens.set(token, principal, issuer, kid, maxTtl, bytes);
      }
      return resolved.principal;
    } catch (error) {
      return fail(error);
    }
  }

  // Not async: a cache hit or an early refusal costs no extra promise layer.
  // `bearerOnly`: refuse bound tokens (`verify()`); the binding checks them for `authenticate()`.
  function verify(token: string, bearerOnly: boolean): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0) {
      return rejected(invalidToken('empty_token'));
    }
    if (token.length > options.maxTokenLength) {
      return rejected(invalidToken('token_too_large'));
    }
    const cached = tokens?.get(token);
    if (cached) {
      // A cached token is checked against the revoked set too: a Map lookup, no network.
      const revoked = shared.revocations.check(cached);
      if (revoked) return rejected(revoked);
      const refusal = bearerOnly ? sender.unverifiable(cached) : undefined;
      if (refusal) return rejected(refusal);
      if (events.enabled) events.emit({ type: 'cache_hit' });
      return Promise.resolve(cached);
    }
    if (tokens && events.enabled) events.emit({ type: 'cache_miss' });
    const principal = verifyUncached(token);
    return bearerOnly ? principal.then(refuseUnverifiable) : principal;
  }

  const verifier: Verifier = {
    verify: (token) => verify(token, true),
    authenticate: (request) => sender.authenticate(request, (token) => verify(token, false)),
    cached(request) {
      if (!tokens || options.queryToken || options.bodyToken || options.cookie) return undefined;
      const token = options.dpop.mode === 'required' ? undefined : bearerCandidate(request.headers);
      const found = token === undefined ? undefined : tokens.find(token);
      // A revoked (or, fail-closed, unconfirmable) token takes the slow path, which refuses it.
      // A bound token takes the slow path too: its binding is checked there.
      const principal =
        found && (found.confirmation !== undefined || shared.revocations.check(found))
          ? undefined
          : found;
      if (principal !== undefined && events.enabled) events.emit({ type: 'cache_hit' });
      return principal;
    },
    async checkPermission(token, permission) {
      const principal = await verify(token, true);
      if (!(await principal.hasPermission(permission))) return fail(permissionDenied(permission));
    },
    async permissions(token) {
      return (await verify(token, true)).permissions();
    },
    async warmUp() {
      await Promise.all([
        ...options.issuers.map((issuer) => keys.warmUp(issuer)),
        shared.revocations.whenLoaded(1_000),
      ]);
    },
    stats() {
      const load = introspector?.load;
      return {
        tokens: tokens?.stats(),
        // `coolingDown`: the deprecated name of `backingOff`, kept for existing health checks.
        introspection: load && { ...load, coolingDown: load.backingOff },
        issuers: options.issuers.map((issuer) => {
          const meta = discovery.state(issuer);
          const keyState = keys.state(issuer);
          return {
            issuer,
            discovery: { cached: meta.entry !== undefined, fresh: meta.fresh },
            keys: {
              ...keyState,
              coolingDown: keyState.backingOff,
              fetchedAt:
                keyState.fetchedAt === undefined ? undefined : new Date(keyState.fetchedAt),
            },
          };
        }),
        revocation: shared.revocations.stats(),
      };
    },
    options,
  };
  return registerInternals(verifier, {
    options,
    keys,
    revocations: shared.revocations,
    store: shared.access,
    events,
  });
}
