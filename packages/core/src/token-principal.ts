import type { JWTPayload } from 'jose';
import { audienceList, checkAudience } from './audience.js';
import { B64TOKEN } from './bearer.js';
import type { Discovery } from './discovery.js';
import { invalidToken, type AuthError } from './errors.js';
import type { FetchJsonOptions } from './http.js';
import type { Introspector } from './introspection.js';
import { looksLikeJws } from './jws-decode.js';
import { verifyJwt } from './jwt.js';
import type { KeyStore } from './keys.js';
import type { ResolvedOptions } from './options.js';
import { Principal, type PrincipalSource } from './principal.js';
import { TokenLinks } from './token-links.js';
import type { UmaClient } from './uma.js';

/**
 * Turns a token into a Principal: local JWT verification, introspection for opaque tokens (and
 * for every token in `always` mode), and the links that let a principal complete a Keycloak
 * lightweight token, fetch userinfo or ask for UMA permissions without exposing its token.
 */

export interface TokenServices {
  options: ResolvedOptions;
  keys: KeyStore;
  discovery: Discovery;
  introspector: Introspector | undefined;
  uma: UmaClient;
  http: FetchJsonOptions;
  /** Gives errors raised later (by links) the verifier's realm and events. */
  fail: (error: unknown) => never;
}

/** A principal with what the verified-token cache needs to know about it. */
export interface ResolvedToken {
  principal: Principal;
  issuer: string;
  kid: string | undefined;
  /** An upper bound on caching (introspection answers go stale after `cacheTtl`). */
  maxTtl: number | undefined;
}

// The shortest opaque token worth asking about: shorter strings are junk, not credentials.
const MIN_OPAQUE_LENGTH = 16;

function inactive(hint?: string): AuthError {
  return invalidToken(
    'token_inactive',
    'The access token is no longer active',
    hint ? { hint } : {},
  );
}

/** Keycloak 26.6.2+ answers active:false when the introspecting client is not in `aud`. */
function introspectionAudienceHint(claims: JWTPayload, clientId: string): string | undefined {
  if (audienceList(claims).includes(clientId)) return undefined;
  return (
    `The identity provider says the token is not active. Keycloak 26.6.2 and later answer so when ` +
    `the introspecting client "${clientId}" is not in the token's "aud": add an Audience mapper ` +
    `for "${clientId}" (Clients → the client that requests the token → Client scopes → its ` +
    'dedicated scope → Add mapper → By configuration → Audience).'
  );
}

/** Checks an introspection answer like a JWT: exp, issuer, token kind and audience. */
function checkIntrospected(claims: JWTPayload, services: TokenServices): string {
  const { options } = services;
  const issuer = claims.iss ?? options.introspection?.issuer;
  if (typeof issuer !== 'string' || !options.issuers.includes(issuer)) {
    throw invalidToken(
      'untrusted_issuer',
      'The access token was issued by an issuer that is not trusted',
    );
  }
  if (typeof claims.exp !== 'number') {
    throw invalidToken('missing_claim', 'The access token has no "exp" claim');
  }
  if (claims.exp * 1000 <= options.now() - options.clockTolerance * 1000) {
    throw invalidToken('token_expired', 'The access token expired');
  }
  if (typeof claims.typ === 'string' && claims.typ.toLowerCase() !== 'bearer') {
    throw invalidToken('wrong_token_type', 'The token is not a bearer access token');
  }
  checkAudience(claims, options);
  return issuer;
}

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    // A failure is not remembered: the next call tries again.
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
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

function lacksRoles(claims: JWTPayload): boolean {
  return claims.realm_access === undefined && claims.resource_access === undefined;
}

function principal(
  token: string,
  claims: JWTPayload,
  source: PrincipalSource,
  issuer: string,
  services: TokenServices,
  lightweight: boolean,
): Principal {
  const expiresAt = (typeof claims.exp === 'number' ? claims.exp : 0) * 1000;
  // The claims are this verification's own objects: frozen in place, the principal need not copy.
  Object.freeze(claims);
  const shared = new TokenLinks(token, issuer, expiresAt, services);
  const { introspector } = services;
  if (!lightweight || !introspector) return new Principal(claims, source, shared);
  // The completed principal of a lightweight token shares every link but `complete`.
  const complete = memo(async () => {
    const full = await introspector.introspect(token);
    const clientId = services.options.introspection!.client.clientId;
    if (!full) throw inactive(introspectionAudienceHint(claims, clientId));
    // The locally verified claims win; introspection fills in what a lightweight token lacks.
    return new Principal({ ...full, ...claims }, source, shared);
  });
  return new Principal(claims, source, shared.completedBy(complete));
}

/** Verifies `token` and builds its principal. @throws AuthError */
export async function resolveToken(token: string, services: TokenServices): Promise<ResolvedToken> {
  const { options, introspector } = services;
  const uses = options.introspection?.uses;
  // The cheap tests first: without opaque-token introspection every token takes the JWT path.
  if (
    !introspector ||
    !uses?.has('opaque') ||
    looksLikeJws(token) ||
    token.split('.').length === 5
  ) {
    const { issuer, kid, payload } = await verifyJwt(token, options, services.keys);
    const lightweight =
      introspector !== undefined && uses?.has('lightweight') === true && lacksRoles(payload);
    // A Keycloak lightweight token usually carries no `aud` either (an Audience mapper adds it
    // only with "Add to lightweight access token" on): its audience is the introspected one.
    const audienceFromIntrospection =
      lightweight && payload.aud === undefined && !audienceAccepts(payload, options);
    if (introspector && (uses?.has('always') || audienceFromIntrospection)) {
      const active = await introspector.introspect(token);
      if (!active)
        throw inactive(introspectionAudienceHint(payload, options.introspection!.client.clientId));
      // The locally verified claims win; introspection fills in what the token lacks.
      const claims = { ...active, ...payload };
      checkAudience(claims, options);
      const maxTtl = uses?.has('always') ? options.introspection!.cacheTtl : undefined;
      return {
        principal: principal(token, claims, 'jwt', issuer, services, false),
        issuer,
        kid,
        maxTtl,
      };
    }
    checkAudience(payload, options);
    return {
      principal: principal(token, payload, 'jwt', issuer, services, lightweight),
      issuer,
      kid,
      maxTtl: undefined,
    };
  }
  // Opaque: a cheap shape check first, so that junk never reaches the identity provider.
  if (token.length < MIN_OPAQUE_LENGTH || !B64TOKEN.test(token)) {
    throw invalidToken('malformed_token', 'The access token is malformed');
  }
  const claims = await introspector.introspect(token);
  if (!claims) throw inactive();
  const issuer = checkIntrospected(claims, services);
  return {
    principal: principal(token, claims, 'introspection', issuer, services, false),
    issuer,
    kid: undefined,
    maxTtl: options.introspection!.cacheTtl,
  };
}
