import type { JWTPayload } from 'jose';
import { checkAudience, introspectionAudienceHint } from './audience.js';
import {
  checkTimeClaims,
  checkTokenKind,
  introspectedIssuer,
  trustedIssuer,
} from './claim-checks.js';
import type { Discovery } from './discovery.js';
import { invalidToken, type AuthError } from './errors.js';
import type { FetchJsonOptions } from './http.js';
import type { IdpClients } from './idp-clients.js';
import type { Introspected } from './introspection.js';
import { looksLikeJws } from './jws-decode.js';
import { verifyJwt } from './jwt.js';
import type { KeyStore } from './keys.js';
import { isKeycloakLightweight, lacksRoles, lightweightUnchecked } from './lightweight.js';
import type { ResolvedOptions } from './options.js';
import { looksLikeOpaqueToken } from './opaque-token.js';
import { Principal, type PrincipalSource } from './principal.js';
import { TokenLinks } from './token-links.js';

/**
 * Turns a token into a Principal: local JWT verification, introspection for opaque tokens (and
 * for every token in `always` mode, and for Keycloak lightweight tokens), and the links that let
 * a principal complete a lightweight token, fetch userinfo or ask for UMA permissions without
 * exposing its token.
 */

export interface TokenServices extends IdpClients {
  options: ResolvedOptions;
  keys: KeyStore;
  discovery: Discovery;
  http: FetchJsonOptions;
  /** Gives errors raised later (by links) the verifier's realm and events. */
  fail: (error: unknown) => never;
}

/** A principal with what the verified-token cache needs to know about it. */
export interface ResolvedToken {
  principal: Principal;
  issuer: string;
  kid: string | undefined;
  /** An upper bound on caching (introspection answers go stale after `introspection.maxAge`). */
  maxTtl: number | undefined;
  /** Estimated heap bytes of claims the principal holds beyond what its token carries. */
  bytes: number;
}

function inactive(hint?: string): AuthError {
  return invalidToken('token_inactive', { hint });
}

/**
 * Checks an introspection answer as the JWT path checks a token (`claim-checks.ts`): issuer,
 * `exp` and `nbf`, token kind, then the audience.
 */
function checkIntrospected(claims: JWTPayload, services: TokenServices): string {
  const { options } = services;
  const issuer = trustedIssuer(
    introspectedIssuer(claims, options.introspection!.issuer),
    options.issuers,
  );
  checkTimeClaims(claims, options.now(), options.clockTolerance);
  checkTokenKind(claims, options.dpop.mode);
  checkAudience(claims, options);
  return issuer;
}

/** Whether the audience policy accepts the claims as they are (no exception, no hint). */
function audienceAccepts(claims: JWTPayload, options: ResolvedOptions): boolean {
  try {
    checkAudience(claims, options);
    return true;
  } catch {
    return false;
  }
}

/** The introspected claims of a JWT, or the 401 that says it is not active. */
async function introspectJwt(
  token: string,
  payload: JWTPayload,
  services: TokenServices,
): Promise<Introspected> {
  const active = await services.introspector!.introspect(token);
  if (active) {
    introspectedIssuer(active.claims, services.options.introspection!.issuer);
    return active;
  }
  throw inactive(
    introspectionAudienceHint(payload, services.options.introspection!.client.clientId),
  );
}

/** How a principal is completed later: from introspection, or with a 403 that says why not. */
type Completion = 'none' | 'introspect' | 'unavailable';

function principal(
  token: string,
  claims: JWTPayload,
  source: PrincipalSource,
  issuer: string,
  services: TokenServices,
  completion: Completion = 'none',
): Principal {
  const expiresAt = (typeof claims.exp === 'number' ? claims.exp : 0) * 1000;
  // The claims are this verification's own objects: frozen in place, the principal need not copy.
  Object.freeze(claims);
  const shared = new TokenLinks(token, issuer, expiresAt, services);
  if (completion === 'none') return new Principal(claims, source, shared);
  if (completion === 'unavailable') {
    const introspectionConfigured = services.introspector !== undefined;
    const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
    return new Principal(
      claims,
      source,
      shared.completedBy(() => {
        const error = lightweightUnchecked(azp, introspectionConfigured);
        services.problems.report(error.code, error.hint!);
        return Promise.reject(error);
      }),
    );
  }
  // Lazy completion: each call reads the (bounded, cached) introspection answer again rather
  // than keeping a second, unaccounted copy of the full claims beside the cached principal.
  const complete = async () => {
    const full = await introspectJwt(token, claims, services);
    // The locally verified claims win; introspection fills in what a lightweight token lacks.
    return new Principal({ ...full.claims, ...claims }, source, shared);
  };
  return new Principal(claims, source, shared.completedBy(complete));
}

/** A verified JWT and its principal, introspected when the options say so. */
async function resolveJwt(token: string, services: TokenServices): Promise<ResolvedToken> {
  const { options, introspector } = services;
  const config = options.introspection;
  const { issuer, kid, payload } = await verifyJwt(token, options, services.keys);
  const completes = introspector !== undefined && config!.uses.has('lightweight');
  const lightweight = completes && lacksRoles(payload);
  // A Keycloak lightweight token usually carries no `aud` either (an Audience mapper adds it
  // only with "Add to lightweight access token" on): its audience is the introspected one.
  const audienceFromIntrospection =
    lightweight && payload.aud === undefined && !audienceAccepts(payload, options);
  const eager = lightweight && config!.completeLightweight === 'eager';
  const always = config?.uses.has('always') === true;
  if (introspector && (always || audienceFromIntrospection || eager)) {
    // An `aud` of its own decides the audience before any call (introspection cannot change it).
    if (!always && payload.aud !== undefined) checkAudience(payload, options);
    const active = await introspectJwt(token, payload, services);
    // The locally verified claims win; introspection fills in what the token lacks.
    const claims = { ...active.claims, ...payload };
    checkAudience(claims, options);
    return {
      principal: principal(token, claims, 'jwt', issuer, services),
      issuer,
      kid,
      maxTtl: always ? config?.maxAge : undefined,
      bytes: active.bytes,
    };
  }
  checkAudience(payload, options);
  const completion: Completion = lightweight
    ? 'introspect'
    : isKeycloakLightweight(payload)
      ? 'unavailable'
      : 'none';
  return {
    principal: principal(token, payload, 'jwt', issuer, services, completion),
    issuer,
    kid,
    maxTtl: undefined,
    bytes: 0,
  };
}

/** Verifies `token` and builds its principal. @throws AuthError */
export async function resolveToken(token: string, services: TokenServices): Promise<ResolvedToken> {
  const { options, introspector } = services;
  // The cheap tests first: without opaque-token introspection every token takes the JWT path.
  if (
    !introspector ||
    !options.introspection!.uses.has('opaque') ||
    looksLikeJws(token) ||
    token.split('.').length === 5
  ) {
    return resolveJwt(token, services);
  }
  // Opaque: a cheap shape check first, so that junk never reaches the identity provider.
  if (!looksLikeOpaqueToken(token)) throw invalidToken('malformed_token');
  const active = await introspector.introspect(token);
  if (!active) throw inactive();
  const issuer = checkIntrospected(active.claims, services);
  // An answer without iss is the asked issuer's (RFC 7662: iss is optional): its principal says so.
  const claims = Object.hasOwn(active.claims, 'iss')
    ? active.claims
    : Object.assign(Object.create(null) as JWTPayload, active.claims, { iss: issuer });
  return {
    principal: principal(token, claims, 'introspection', issuer, services),
    issuer,
    kid: undefined,
    maxTtl: options.introspection!.maxAge,
    bytes: active.bytes,
  };
}
