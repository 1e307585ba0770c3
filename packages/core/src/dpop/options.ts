/**
 * Options of sender-constrained tokens: DPoP (RFC 9449) proofs and mTLS (RFC 8705) client
 * certificates, validated at construction time with messages that say how to fix them.
 *
 * Keycloak's wire format, confirmed in Keycloak's source: see `dpop/proof.ts`.
 */
import { ConfigurationError } from '../errors.js';
import type { JwsAlgorithm } from '../options.js';

/**
 * How a verifier treats DPoP: `allowed` (default) accepts DPoP-bound tokens with a valid proof
 * and plain Bearer tokens as before; `required` accepts only DPoP; `disabled` refuses DPoP-bound
 * tokens (the DPoP scheme is not read at all).
 */
export type DpopMode = 'allowed' | 'required' | 'disabled';

/** What a `publicUrl` function is given: the request as the server received it. */
export interface RequestTarget {
  readonly method: string;
  /** The absolute URL the server saw (scheme and host of the connection it accepted). */
  readonly url: string;
}

/** Server-provided DPoP nonces (RFC 9449 §8). */
export interface DpopNonceOptions {
  /**
   * The key nonces are derived from. Instances behind one load balancer must share it, or a
   * nonce from one instance is unknown to the next. Default: random per verifier.
   */
  secret?: string | Uint8Array;
  /** How long a nonce stays valid, in seconds (a nonce from the previous period too). Default 300. */
  lifetime?: number;
}

/** The `dpop` option of the verifier. */
export interface DpopOptions {
  /** Default `'allowed'`. */
  mode?: DpopMode;
  /**
   * Proof algorithms (asymmetric only): the `algs` of the DPoP challenge. Default: ES256/384/512,
   * PS256/384/512, RS256/384/512 and EdDSA.
   */
  algorithms?: readonly JwsAlgorithm[];
  /** How old a proof (`iat`) may be, in seconds; `clockTolerance` applies on top. Default 60. */
  proofMaxAge?: number;
  /** Require server nonces in proofs: `true` for the defaults, or their options. Default off. */
  nonce?: boolean | DpopNonceOptions;
  /**
   * The public base URL clients call (behind a proxy that changes scheme, host or port), e.g.
   * `https://api.example.com` or `https://example.com/orders-api` (a path prefix the proxy
   * strips): `htu` must equal it followed by the request path. A function returns the whole
   * public URL of a request.
   */
  publicUrl?: string | ((request: RequestTarget) => string);
  /**
   * Rebuild the public URL from `Forwarded` (else `X-Forwarded-Proto` / `X-Forwarded-Host`),
   * first element. Only behind a proxy that sets these headers itself. Default false.
   */
  trustProxy?: boolean;
}

/** A proxy's client-certificate header: its name, and how the certificate is written in it. */
export interface CertificateHeader {
  name: string;
  /** `nginx`: `$ssl_client_escaped_cert` (URL-encoded PEM). `envoy`: `x-forwarded-client-cert`. */
  format: 'nginx' | 'envoy';
}

/** The `mtls` option of the verifier (RFC 8705 certificate-bound tokens). */
export interface MtlsOptions {
  /**
   * Read the client certificate from a header that a TLS-terminating proxy you trust sets (and
   * strips from incoming requests), instead of the TLS connection: `'nginx'` is the header
   * `ssl-client-cert` with `$ssl_client_escaped_cert`, `'envoy'` is `x-forwarded-client-cert`.
   */
  certificateHeader?: 'nginx' | 'envoy' | CertificateHeader;
}

/** The DPoP options, validated, defaults filled in. */
export interface ResolvedDpop {
  readonly mode: DpopMode;
  readonly algorithms: readonly string[];
  readonly proofMaxAge: number;
  readonly nonce:
    { readonly secret: Uint8Array | undefined; readonly lifetime: number } | undefined;
  readonly publicUrl: ((request: RequestTarget) => string) | undefined;
  readonly trustProxy: boolean;
}

/** The mTLS options, validated. */
export interface ResolvedMtls {
  readonly certificateHeader: CertificateHeader | undefined;
}

/**
 * Asymmetric JWS algorithms a proof may use.
 *
 * @example
 * ```ts
 * const algorithms = DPOP_ALGORITHMS.filter((alg) => alg.startsWith('ES')); // ECDSA proofs only
 * createVerifier({ issuer, audience: 'orders-api', dpop: { algorithms } });
 * ```
 */
export const DPOP_ALGORITHMS: readonly JwsAlgorithm[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'EdDSA',
]);
const ALLOWED = new Set<string>([...DPOP_ALGORITHMS, 'Ed25519']);

const fail = (message: string): never => {
  throw new ConfigurationError(`realmguard: ${message}`);
};

/** Non-narrowing check, so that the list keeps its element type. */
function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    fail(`${name} must be a finite number >= 1 (got ${String(value)})`);
  }
  return value;
}

/** `publicUrl: 'https://api.example.com/prefix'` → the public URL of a request. */
function publicUrlOf(base: string): (request: RequestTarget) => string {
  let url: URL | undefined;
  try {
    url = new URL(base);
  } catch {
    fail(`dpop.publicUrl "${base}" is not an absolute URL (e.g. https://api.example.com)`);
  }
  if (url!.protocol !== 'https:' && url!.protocol !== 'http:') {
    fail(`dpop.publicUrl "${base}" must be an http(s) URL`);
  }
  if (url!.search || url!.hash) fail(`dpop.publicUrl "${base}" must not have a query or fragment`);
  const prefix = `${url!.protocol}//${url!.host}${url!.pathname.replace(/\/+$/, '')}`;
  return (request) => {
    const target = new URL(request.url);
    return `${prefix}${target.pathname}`;
  };
}

function nonceOf(nonce: DpopOptions['nonce']): ResolvedDpop['nonce'] {
  if (nonce === undefined || nonce === false) return undefined;
  const options = nonce === true ? {} : nonce;
  if (typeof options !== 'object' || options === null)
    fail('dpop.nonce must be a boolean or an object');
  const secret =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  if (secret !== undefined && !(secret instanceof Uint8Array && secret.length >= 16)) {
    fail('dpop.nonce.secret must be a string or Uint8Array of at least 16 bytes');
  }
  return { secret, lifetime: positive('dpop.nonce.lifetime', options.lifetime, 300) };
}

/**
 * Validates the `dpop` option; fails fast with a message that says how to fix it.
 *
 * @example
 * ```ts
 * resolveDpop({ mode: 'required', publicUrl: 'https://api.example.com' }).mode; // 'required'
 * ```
 */
export function resolveDpop(options: DpopOptions | undefined): ResolvedDpop {
  const dpop = options ?? {};
  if (typeof dpop !== 'object' || dpop === null) fail('dpop must be an object');
  const mode = dpop.mode ?? 'allowed';
  if (mode !== 'allowed' && mode !== 'required' && mode !== 'disabled') {
    fail(`dpop.mode must be 'allowed', 'required' or 'disabled' (got ${String(mode)})`);
  }
  const algorithms: readonly string[] = dpop.algorithms ?? DPOP_ALGORITHMS;
  if (!isNonEmptyList(algorithms)) {
    fail('dpop.algorithms must be a non-empty array');
  }
  for (const alg of algorithms) {
    if (!ALLOWED.has(alg)) {
      fail(`dpop.algorithms: "${alg}" is not an asymmetric JWS algorithm a DPoP proof may use`);
    }
  }
  if (dpop.publicUrl !== undefined && dpop.trustProxy === true) {
    fail('dpop.publicUrl and dpop.trustProxy exclude each other: choose one');
  }
  const publicUrl =
    typeof dpop.publicUrl === 'string'
      ? publicUrlOf(dpop.publicUrl)
      : typeof dpop.publicUrl === 'function' || dpop.publicUrl === undefined
        ? dpop.publicUrl
        : fail('dpop.publicUrl must be a URL string or a function');
  return {
    mode,
    algorithms: Object.freeze([...algorithms]),
    proofMaxAge: positive('dpop.proofMaxAge', dpop.proofMaxAge, 60),
    nonce: nonceOf(dpop.nonce),
    publicUrl,
    trustProxy: dpop.trustProxy === true,
  };
}

const HEADERS: Record<'nginx' | 'envoy', CertificateHeader> = {
  nginx: { name: 'ssl-client-cert', format: 'nginx' },
  envoy: { name: 'x-forwarded-client-cert', format: 'envoy' },
};

/**
 * Validates the `mtls` option.
 *
 * @example
 * ```ts
 * resolveMtls({ certificateHeader: 'nginx' }).certificateHeader?.name; // 'ssl-client-cert'
 * ```
 */
export function resolveMtls(options: MtlsOptions | undefined): ResolvedMtls {
  const header = options?.certificateHeader;
  if (header === undefined) return { certificateHeader: undefined };
  if (header === 'nginx' || header === 'envoy') return { certificateHeader: HEADERS[header] };
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof header.name !== 'string' ||
    !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header.name) ||
    (header.format !== 'nginx' && header.format !== 'envoy')
  ) {
    return fail(
      "mtls.certificateHeader must be 'nginx', 'envoy' or { name: 'header-name', format: 'nginx' | 'envoy' }",
    );
  }
  return { certificateHeader: { name: header.name.toLowerCase(), format: header.format } };
}
