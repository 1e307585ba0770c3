import { cookieOption } from './cookie-token.js';
import { ConfigurationError } from './errors.js';
import type { VerifierEvent } from './events.js';
import {
  resolveIntrospection,
  type IntrospectionOptions,
  type ResolvedIntrospection,
} from './introspection-options.js';
import {
  resolveSharedStore,
  type ResolvedSharedStore,
  type SharedStoreOptions,
} from './store-options.js';
import { withCurrentNames } from './option-aliases.js';
import { Secret } from './secret.js';
import {
  resolveDpop,
  resolveMtls,
  type DpopOptions,
  type MtlsOptions,
  type ResolvedDpop,
  type ResolvedMtls,
} from './dpop/options.js';

export { ConfigurationError };

/** JWS algorithms realmguard can verify access tokens with. */
export type JwsAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'
  | 'HS256'
  | 'HS384'
  | 'HS512';

/**
 * Asymmetric algorithms accepted by default. HMAC needs a configured `secret`; `none` never.
 *
 * @example
 * ```ts
 * const algorithms = DEFAULT_ALGORITHMS.filter((alg) => alg.startsWith('ES')); // ECDSA only
 * createVerifier({ issuer, audience: 'orders-api', algorithms });
 * ```
 */
export const DEFAULT_ALGORITHMS: readonly JwsAlgorithm[] = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);

const ASYMMETRIC = new Set<string>([...DEFAULT_ALGORITHMS, 'Ed25519']);
const HMAC = new Set<string>(['HS256', 'HS384', 'HS512']);

/**
 * Options of {@link createVerifier}. Durations are milliseconds, except `clockTolerance`
 * (seconds, as in JWT libraries).
 */
export interface VerifierOptions extends SharedStoreOptions {
  /** The issuer (exact `iss` value), or the allow-list of issuers for a multi-realm API. */
  issuer: string | readonly string[];
  /** Accepted audience(s), or `false` to switch the audience check off explicitly. */
  audience: string | readonly string[] | false;
  /**
   * Keycloak without an Audience mapper puts the client only in `azp`. When true, a token whose
   * `aud` lacks the audience is accepted if its `azp` equals one of the configured audiences.
   * Default false.
   */
  acceptAuthorizedParty?: boolean;
  /** Allowed JWS algorithms. Default: RS/PS/ES 256/384/512 and EdDSA. */
  algorithms?: readonly JwsAlgorithm[];
  /** Shared HMAC secret; required before any HS* algorithm may be listed. */
  secret?: string | Uint8Array;
  /** Allowed clock skew in seconds for exp, nbf and iat. Default 10. */
  clockTolerance?: number;
  /** The `realm` attribute of `WWW-Authenticate`. Default: the Keycloak realm name, else "api". */
  realm?: string;
  /** Accept `access_token` from the query string (RFC 6750 §2.3). Default false. */
  queryToken?: boolean;
  /** Accept `access_token` from a form-encoded body (RFC 6750 §2.2). Default false. */
  bodyToken?: boolean;
  /**
   * Also accept the token from this cookie (nest-keycloak-connect's `cookieKey`). A request may
   * still carry only one credential: a header and the cookie together are a 400. Default: none.
   */
  cookie?: string;
  /** Largest accepted token in characters; larger ones are rejected unparsed. Default 16 KiB. */
  maxTokenLength?: number;
  /** Timeout of each request to the identity provider. Default 5000. */
  timeout?: number;
  /** Largest accepted discovery or JWKS response in bytes. Default 256 KiB. */
  maxResponseBytes?: number;
  discovery?: {
    /** How long issuer metadata is reused. Default 1 hour. */
    maxAge?: number;
    /** @deprecated The old name of `discovery.maxAge`. */
    ttl?: number;
  };
  keys?: {
    /** How long a fetched key set is fresh. Default 10 minutes. */
    maxAge?: number;
    /**
     * Minimum time between refetches triggered by an unknown `kid`. A request whose kid is
     * unknown during the cooldown waits for the next refetch (at most `timeout`), so tokens
     * signed with a newly rotated key verify within one cooldown. Default 5 s.
     */
    cooldown?: number;
    /** How long stale keys keep verifying while refreshes fail. Default 24 hours. */
    staleWindow?: number;
  };
  /** Verified-token cache; `false` verifies every request. */
  cache?:
    | false
    | {
        /** Most tokens kept. Default 10,000. */
        maxEntries?: number;
        /** Most (estimated) bytes kept. Default 32 MiB. */
        maxBytes?: number;
      };
  /** The one fetch every request to the identity provider goes through. Default globalThis.fetch. */
  fetch?: typeof fetch;
  /** The clock, in epoch milliseconds. Default Date.now. */
  now?: () => number;
  /** Observability hook: key refreshes, fetch failures, verification failures, cache use. */
  onEvent?: (event: VerifierEvent) => void;
  /** RFC 7662 introspection for opaque and lightweight tokens, or for every token. */
  introspection?: IntrospectionOptions;
  /**
   * DPoP-bound tokens (RFC 9449): `mode` `'allowed'` (default: DPoP and Bearer), `'required'` or
   * `'disabled'`; proof algorithms, `proofMaxAge`, server nonces, and the public URL behind a
   * proxy (`publicUrl` or `trustProxy`).
   */
  dpop?: DpopOptions;
  /** Certificate-bound tokens (RFC 8705): where the client certificate comes from. */
  mtls?: MtlsOptions;
  /** Keycloak Authorization Services (UMA) decisions for `permission(...)` policies. */
  uma?: {
    /** The resource server's client id (`audience` of the UMA request). Default: `audience`. */
    audience?: string;
    /** How long a decision is reused per token and permission (never beyond exp). Default 30 s. */
    maxAge?: number;
    /** @deprecated The old name of `uma.maxAge`. */
    cacheTtl?: number;
    /** Largest UMA answer read, in bytes; a larger one is a 503. Default 64 KiB. */
    maxResponseBytes?: number;
  };
}

/** Options after validation, with every default filled in. */
export interface ResolvedOptions {
  issuers: readonly string[];
  audiences: readonly string[] | false;
  acceptAuthorizedParty: boolean;
  algorithms: readonly JwsAlgorithm[];
  /** The shared HMAC secret, wrapped so that logging these options never shows it. */
  secret: Secret<Uint8Array> | undefined;
  clockTolerance: number;
  realm: string;
  queryToken: boolean;
  bodyToken: boolean;
  cookie: string | undefined;
  maxTokenLength: number;
  timeout: number;
  maxResponseBytes: number;
  discoveryMaxAge: number;
  keysMaxAge: number;
  keysCooldown: number;
  keysStaleWindow: number;
  cache: { maxEntries: number; maxBytes: number } | false;
  fetch: typeof fetch;
  now: () => number;
  onEvent: ((event: VerifierEvent) => void) | undefined;
  introspection: ResolvedIntrospection | undefined;
  uma: { audience: string | undefined; maxAge: number; maxResponseBytes: number };
  /** The shared store (revocation, replay ids, shared caches) and its failure policy. */
  shared: ResolvedSharedStore;
  /** DPoP (RFC 9449) options. */
  dpop: ResolvedDpop;
  /** mTLS-bound token (RFC 8705) options. */
  mtls: ResolvedMtls;
}

const fail = (message: string): never => {
  throw new ConfigurationError(`realmguard: ${message}`);
};

function duration(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(`${name} must be a finite number >= ${min} (got ${String(value)})`);
  }
  return value;
}

/** Non-narrowing check, so that typed readonly arrays keep their element type. */
function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function stringList(name: string, value: unknown): string[] {
  const list: unknown[] =
    typeof value === 'string' ? [value] : Array.isArray(value) ? [...(value as unknown[])] : [];
  if (list.length === 0 || list.some((item) => typeof item !== 'string' || item.length === 0)) {
    fail(`${name} must be a non-empty string or a non-empty array of strings`);
  }
  return list as string[];
}

function checkIssuer(issuer: string): void {
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    fail(`issuer "${issuer}" is not an absolute URL (e.g. https://sso.example.com/realms/acme)`);
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(`issuer "${issuer}" must be an http(s) URL`);
  }
  if (url && (url.search || url.hash)) fail(`issuer "${issuer}" must not have a query or fragment`);
}

/** The Keycloak realm name from an issuer URL (`…/realms/{name}`), if it has one. */
export function realmNameOf(issuer: string): string | undefined {
  const match = /\/realms\/([^/]+)\/?$/.exec(issuer);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/**
 * Validates options and fills in defaults; fails fast with a message that says how to fix it.
 */
export function resolveOptions(given: VerifierOptions): ResolvedOptions {
  const options = withCurrentNames(given);
  if (typeof options !== 'object' || options === null) fail('options are required');
  if (options.issuer === undefined) {
    fail(
      'issuer is required: the exact "iss" of your tokens, e.g. https://sso.example.com/realms/acme',
    );
  }
  const issuers = stringList('issuer', options.issuer);
  issuers.forEach(checkIssuer);

  let audiences: readonly string[] | false;
  if (options.audience === false) audiences = false;
  else if (options.audience === undefined) {
    audiences = fail(
      'audience is required: the client id of this API (e.g. "orders-api"), or audience: false to ' +
        'skip the audience check explicitly',
    );
  } else audiences = stringList('audience', options.audience);
  if (options.acceptAuthorizedParty && audiences === false) {
    fail('acceptAuthorizedParty needs an audience to compare azp with');
  }

  const secret =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  if (secret !== undefined && !(secret instanceof Uint8Array && secret.length > 0)) {
    fail('secret must be a non-empty string or Uint8Array');
  }
  const algorithms: readonly JwsAlgorithm[] = options.algorithms ?? DEFAULT_ALGORITHMS;
  if (!isNonEmptyList(algorithms)) {
    fail('algorithms must be a non-empty array');
  }
  for (const alg of algorithms as readonly string[]) {
    if (alg.toLowerCase() === 'none') fail('the "none" algorithm is never allowed');
    if (HMAC.has(alg) && !secret) {
      fail(
        `${alg} needs a shared secret (option "secret"); Keycloak signs access tokens with asymmetric keys`,
      );
    }
    if (!HMAC.has(alg) && !ASYMMETRIC.has(alg)) fail(`unsupported algorithm "${alg}"`);
  }

  const cache = options.cache;
  if (cache !== undefined && cache !== false && (typeof cache !== 'object' || cache === null)) {
    fail('cache must be false or an object');
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    fail('no global fetch found: pass the fetch option');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    fail('fetch must be a function');
  // Called unbound: some runtimes throw "Illegal invocation" when fetch's `this` is not global.
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  if (options.now !== undefined && typeof options.now !== 'function')
    fail('now must be a function');
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    fail('onEvent must be a function');
  }
  const firstIssuer = issuers[0] ?? '';

  return {
    issuers,
    audiences,
    acceptAuthorizedParty: options.acceptAuthorizedParty === true,
    algorithms: Object.freeze([...algorithms]),
    secret: secret === undefined ? undefined : new Secret(secret),
    clockTolerance: duration('clockTolerance', options.clockTolerance, 10),
    realm: options.realm ?? (issuers.length === 1 ? realmNameOf(firstIssuer) : undefined) ?? 'api',
    queryToken: options.queryToken === true,
    bodyToken: options.bodyToken === true,
    cookie: cookieOption(options.cookie),
    maxTokenLength: duration('maxTokenLength', options.maxTokenLength, 16 * 1024, 1),
    timeout: duration('timeout', options.timeout, 5_000, 1),
    maxResponseBytes: duration('maxResponseBytes', options.maxResponseBytes, 256 * 1024, 1),
    discoveryMaxAge: duration('discovery.maxAge', options.discovery?.maxAge, 60 * 60_000, 1),
    keysMaxAge: duration('keys.maxAge', options.keys?.maxAge, 10 * 60_000, 1),
    keysCooldown: duration('keys.cooldown', options.keys?.cooldown, 5_000),
    keysStaleWindow: duration('keys.staleWindow', options.keys?.staleWindow, 24 * 60 * 60_000),
    cache:
      cache === false
        ? false
        : {
            maxEntries: duration('cache.maxEntries', cache?.maxEntries, 10_000, 1),
            maxBytes: duration('cache.maxBytes', cache?.maxBytes, 32 * 1024 * 1024, 1),
          },
    fetch: fetchImpl,
    now: options.now ?? Date.now,
    onEvent: options.onEvent,
    introspection: resolveIntrospection(options.introspection, issuers),
    uma: {
      audience: options.uma?.audience ?? (audiences === false ? undefined : audiences[0]),
      maxAge: duration('uma.maxAge', options.uma?.maxAge, 30_000, 1),
      maxResponseBytes: duration(
        'uma.maxResponseBytes',
        options.uma?.maxResponseBytes,
        64 * 1024,
        1,
      ),
    },
    shared: resolveSharedStore(options),
    dpop: resolveDpop(options.dpop),
    mtls: resolveMtls(options.mtls),
  };
}
