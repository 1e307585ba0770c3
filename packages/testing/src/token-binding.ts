/**
 * Sender-constrained tokens at the token endpoint, as Keycloak issues them:
 * - DPoP (Keycloak's `DPoPUtil.handleDPoPHeader`): a request with a `DPoP` header, or any
 *   request of a client with "Require DPoP bound tokens", must carry a valid proof for
 *   `POST <token endpoint>` (proof lifetime 10 s, clock skew 15 s, `jti` + `htu` single use);
 *   failures are 400 `invalid_request` with Keycloak's descriptions. The access token gets
 *   `cnf.jkt` and payload `typ: "DPoP"`, the response `token_type: "DPoP"`; a public client's
 *   refresh token is bound too.
 * - mTLS (Keycloak's `MtlsHoKTokenUtil`): a client with "OAuth 2.0 Mutual TLS Certificate Bound
 *   Access Tokens Enabled" gets `cnf["x5t#S256"]` of the client certificate, read from the
 *   header a TLS-terminating proxy sets (`clientCertificateHeader`, URL-encoded PEM, as
 *   Keycloak's nginx certificate lookup reads it).
 *
 * @module
 */
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { certificateThumbprint } from './client-certificate.js';
import { oauthError } from './http.js';
import type { ResolvedClient, ResolvedRealm } from './model.js';

/** What a token request binds its tokens to. */
export interface TokenBinding {
  /** The DPoP proof key's thumbprint: access token `cnf.jkt`, `typ: DPoP`. */
  dpopJkt?: string;
  /** The client certificate's thumbprint: access token `cnf["x5t#S256"]`. */
  certificateThumbprint?: string;
}

/** Keycloak's `DPoPUtil.DEFAULT_PROOF_LIFETIME` and `DEFAULT_ALLOWED_CLOCK_SKEW`, seconds. */
const PROOF_LIFETIME = 10;
const CLOCK_SKEW = 15;
const ALGORITHMS = [
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
];
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/** What the binding needs of its realm. */
export interface BindingContext {
  model: ResolvedRealm;
  /** Epoch ms. */
  now(): number;
}

/** Proof ids seen, per realm model, until they could no longer pass the `iat` check. */
const seenProofs = new WeakMap<ResolvedRealm, Map<string, number>>();

function firstSighting(model: ResolvedRealm, id: string, until: number, now: number): boolean {
  const seen = seenProofs.get(model) ?? new Map<string, number>();
  seenProofs.set(model, seen);
  for (const [key, expiry] of seen) if (expiry <= now) seen.delete(key);
  if (seen.has(id)) return false;
  seen.set(id, until);
  return true;
}

const invalid = (description: string): Response => oauthError(400, 'invalid_request', description);

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/** Keycloak's proof validation at the token endpoint: the thumbprint, or the 400. */
async function dpopThumbprint(
  ctx: BindingContext,
  request: Request,
  proof: string,
): Promise<string | Response> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return invalid('DPoP header verification failure');
  }
  if (header.typ !== 'dpop+jwt') {
    return invalid(`Invalid or missing type in DPoP header: ${String(header.typ)}`);
  }
  if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) {
    return invalid(`Unsupported DPoP algorithm: ${String(header.alg)}`);
  }
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (typeof jwk !== 'object' || jwk === null) return invalid('No JWK in DPoP header');
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) {
    return invalid('Private key is present in DPoP header');
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      algorithms: ALGORITHMS,
      currentDate: new Date(ctx.now()),
    }));
  } catch {
    return invalid('DPoP verification failure: Invalid token signature');
  }
  const { jti, htm, htu, iat } = payload;
  if (typeof jti !== 'string' || typeof htm !== 'string' || typeof htu !== 'string') {
    return invalid('DPoP mandatory claims are missing');
  }
  if (typeof iat !== 'number') return invalid('DPoP mandatory claims are missing');
  try {
    if (withoutQuery(htu) !== withoutQuery(request.url)) return invalid('DPoP HTTP URL mismatch');
  } catch {
    return invalid('Malformed HTTP URL in DPoP proof');
  }
  if (htm !== request.method) return invalid('DPoP HTTP method mismatch');
  const now = Math.floor(ctx.now() / 1000);
  if (!(iat <= now + CLOCK_SKEW && iat >= now - PROOF_LIFETIME - CLOCK_SKEW)) {
    return invalid('DPoP proof is not active');
  }
  const until = (iat + PROOF_LIFETIME + CLOCK_SKEW) * 1000;
  if (!firstSighting(ctx.model, `${jti}\n${htu}`, until, ctx.now())) {
    return invalid('DPoP proof has already been used');
  }
  return calculateJwkThumbprint(jwk, 'sha256');
}

/** The DER of the URL-encoded PEM a TLS-terminating proxy forwards. */
function certificateDer(value: string): Uint8Array | undefined {
  try {
    const pem = decodeURIComponent(value);
    const body = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem)?.[1];
    if (!body) return undefined;
    return Uint8Array.from(atob(body.replace(/\s+/g, '')), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * What the token request's tokens are bound to, or Keycloak's 400 answer.
 *
 * @example
 * ```ts
 * const binding = await tokenBinding(ctx, request, client);
 * if (binding instanceof Response) return binding;
 * ```
 */
export async function tokenBinding(
  ctx: BindingContext,
  request: Request,
  client: ResolvedClient,
): Promise<TokenBinding | Response> {
  const binding: TokenBinding = {};
  const proof = request.headers.get('dpop');
  if (proof !== null || client.dpopBoundAccessTokens) {
    if (proof === null || proof.trim() === '') return invalid('DPoP proof is missing');
    const jkt = await dpopThumbprint(ctx, request, proof.trim());
    if (jkt instanceof Response) return jkt;
    binding.dpopJkt = jkt;
  }
  if (client.tlsClientCertificateBoundAccessTokens) {
    const value = request.headers.get(ctx.model.clientCertificateHeader);
    const der = value === null ? undefined : certificateDer(value);
    if (!der) return invalid('Client Certification missing for MTLS HoK Token Binding');
    binding.certificateThumbprint = await certificateThumbprint(der);
  }
  return binding;
}

/**
 * Adds the binding to a claims set: `cnf` before `scope` (Keycloak's member order), and the
 * payload `typ: "DPoP"` of a DPoP-bound token.
 *
 * @example
 * ```ts
 * bindClaims(claims, { dpopJkt: key.jkt }, true);
 * ```
 */
export function bindClaims(
  claims: Record<string, unknown>,
  binding: TokenBinding,
  accessToken: boolean,
): void {
  const cnf: Record<string, string> = {};
  if (binding.dpopJkt !== undefined) cnf.jkt = binding.dpopJkt;
  if (binding.certificateThumbprint !== undefined) {
    cnf['x5t#S256'] = binding.certificateThumbprint;
  }
  if (Object.keys(cnf).length === 0) return;
  if (accessToken && binding.dpopJkt !== undefined) claims.typ = 'DPoP';
  const entries = Object.entries(claims).filter(([name]) => name !== 'cnf');
  const at = entries.findIndex(([name]) => name === 'scope');
  entries.splice(at < 0 ? entries.length : at, 0, ['cnf', cnf]);
  for (const name of Object.keys(claims)) delete claims[name];
  Object.assign(claims, Object.fromEntries(entries));
}
