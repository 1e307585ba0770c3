/**
 * Server-side token checks shared by introspection, userinfo, revocation and the refresh / UMA
 * grants: signature (published asymmetric keys, or the realm HMAC secret for refresh tokens),
 * issuer, `exp`/`nbf` with no leeway, and the realm's state (tracked `jti`, revoked ids,
 * sessions, enabled users and clients).
 *
 * @module
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JWK } from 'jose';
import type { ResolvedRealm } from './model.js';
import type { ProfileTraits } from './profile.js';
import type { SessionStore, TrackedToken } from './sessions.js';

/** What the checks need from a realm. */
export interface TokenCheckContext {
  model: ResolvedRealm;
  sessions: SessionStore;
  issuer: string;
  jwks(): { keys: JWK[] };
  hmacSecret(): Uint8Array<ArrayBuffer>;
  traits(): ProfileTraits;
  /** Epoch ms. */
  now(): number;
}

/** A token whose signature, issuer and lifetime are fine. */
export interface VerifiedToken {
  /** The payload (for an opaque token: the bound claims). */
  payload: Record<string, unknown>;
  /** The server-side record; absent for tokens the realm never minted. */
  tracked?: TrackedToken;
  opaque: boolean;
}

const ASYMMETRIC = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * Verifies a JWT (or resolves an opaque handle) against the realm; `undefined` when the token is
 * malformed, badly signed, from another issuer, expired or not yet valid.
 *
 * @example
 * ```ts
 * const verified = await verifyToken(ctx, token);
 * ```
 */
export async function verifyToken(
  ctx: TokenCheckContext,
  token: string,
  options: { lifetime?: boolean } = {},
): Promise<VerifiedToken | undefined> {
  const lifetime = options.lifetime ?? true;
  const nowSeconds = Math.floor(ctx.now() / 1000);
  const opaque = ctx.sessions.opaque(token);
  if (opaque) {
    const exp = opaque.claims.exp;
    if (lifetime && typeof exp === 'number' && exp <= nowSeconds) return undefined;
    return { payload: opaque.claims, tracked: opaque, opaque: true };
  }
  let alg: unknown;
  let kid: unknown;
  try {
    ({ alg, kid } = decodeProtectedHeader(token));
  } catch {
    return undefined;
  }
  const hmac = alg === 'HS256' || alg === 'HS512';
  // Keycloak looks the key up by kid; without one nothing verifies.
  if (!hmac && typeof kid !== 'string') return undefined;
  const verifyOptions = {
    issuer: ctx.issuer,
    currentDate: new Date(ctx.now()),
    algorithms: hmac ? [ctx.traits().refreshAlg] : ASYMMETRIC,
    // No leeway (Keycloak's IS_ACTIVE check), or none of the lifetime checks at all.
    clockTolerance: lifetime ? 0 : Number.MAX_SAFE_INTEGER,
  };
  try {
    const { payload } = hmac
      ? await jwtVerify(token, ctx.hmacSecret(), verifyOptions)
      : await jwtVerify(token, createLocalJWKSet(ctx.jwks()), verifyOptions);
    const jti = payload.jti;
    const tracked = typeof jti === 'string' ? ctx.sessions.token(jti) : undefined;
    return { payload, ...(tracked ? { tracked } : {}), opaque: false };
  } catch {
    return undefined;
  }
}

/** Why a verified token is no longer usable, or `undefined` when it is. */
export type StateProblem =
  'unknown' | 'revoked' | 'session' | 'user_disabled' | 'client_disabled' | 'client_missing';

/**
 * Checks a verified token against server state: minted by this realm, not revoked, its session
 * alive (offline tokens need the offline session), user and client present and enabled.
 *
 * @example
 * ```ts
 * if (stateProblem(ctx, verified) !== undefined) return inactive();
 * ```
 */
export function stateProblem(
  ctx: TokenCheckContext,
  verified: VerifiedToken,
): StateProblem | undefined {
  const { tracked } = verified;
  if (!tracked) return 'unknown';
  if (ctx.sessions.isRevoked(tracked.jti)) return 'revoked';
  const client = ctx.model.clients.find((c) => c.clientId === tracked.clientId);
  if (!client) return 'client_missing';
  if (!client.enabled) return 'client_disabled';
  if (!ctx.sessions.sessionAlive(tracked)) return 'session';
  if (!tracked.serviceAccount) {
    const user = ctx.model.users.find((u) => u.username === tracked.username);
    if (!user || !user.enabled) return 'user_disabled';
  }
  return undefined;
}

/** The `aud` claim as a list. */
export function audiences(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}
