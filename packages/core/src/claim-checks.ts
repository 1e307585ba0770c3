import type { JWTPayload } from 'jose';
import { acceptsDpopKind } from './dpop/confirmation.js';
import type { DpopMode } from './dpop/options.js';
import { invalidToken, type AuthError, type AuthErrorReason } from './errors.js';

/**
 * The checks of a token's own claims that every path shares, with the same codes and
 * descriptions: the JWT path (`jwt.ts`, on claims it verified locally) and the introspection path
 * (`resolve-token.ts`, on an active answer). The issuer must be allow-listed (in an
 * introspection answer: the issuer asked, or absent), the token kind (Keycloak's payload `typ`)
 * that of a bearer access token, `exp` present and not past, `nbf` not ahead, each with the
 * clock tolerance.
 */

/** Keycloak token kinds (payload `typ`, lower case) that are not bearer access tokens. */
const WRONG_KINDS: ReadonlyMap<string, AuthErrorReason> = new Map([
  ['id', 'id_token'],
  ['refresh', 'refresh_token'],
  ['offline', 'offline_token'],
  ['logout', 'logout_token'],
  ['dpop', 'dpop_bound_token'],
]);

/**
 * The issuer of a token, when it is allow-listed.
 * @throws AuthError 401 `untrusted_issuer` for any other value (absent, not a string, unlisted).
 *
 * @example
 * ```ts
 * const issuer = trustedIssuer(payload.iss, options.issuers);
 * ```
 */
export function trustedIssuer(issuer: unknown, issuers: readonly string[]): string {
  if (typeof issuer !== 'string' || !issuers.includes(issuer)) {
    throw invalidToken('untrusted_issuer');
  }
  return issuer;
}

/**
 * The issuer of an introspection answer given by the endpoint of `asked` (the allow-listed
 * `introspection.issuer`). RFC 7662 §2.2 makes `iss` optional: an answer without an own `iss`
 * member is read as `asked`'s (and its principal gets that issuer). A present `iss` must be
 * exactly `asked`, as a string: `null`, a number, an array, another URL, even another
 * allow-listed issuer are refused (an endpoint vouches only for its own issuer's tokens).
 * @throws AuthError 401 `untrusted_issuer`
 *
 * @example
 * ```ts
 * introspectedIssuer({ active: true, exp }, issuer); // issuer
 * introspectedIssuer({ active: true, exp, iss: null }, issuer); // throws untrusted_issuer
 * ```
 */
export function introspectedIssuer(claims: JWTPayload, asked: string): string {
  if (Object.hasOwn(claims, 'iss') && claims.iss !== asked) {
    throw invalidToken('untrusted_issuer');
  }
  return asked;
}

/**
 * Why the payload `typ` (Keycloak's token kind) makes a token no bearer access token, or
 * undefined when it is one: `Bearer` in any case, or no `typ` (not a Keycloak token). With DPoP
 * enabled (`dpop` `allowed` or `required`), Keycloak's DPoP-bound token (`typ: DPoP` with a
 * `cnf.jkt`) is one too: its binding is checked for each request. The error's `reason` names
 * Keycloak's kind (`id_token`, `refresh_token`, …) and its description says it.
 *
 * @example
 * ```ts
 * wrongTokenKind({ typ: 'ID' })?.description; // 'An ID token cannot be used as a bearer access token'
 * wrongTokenKind({ typ: 'Bearer' }); // undefined
 * ```
 */
export function wrongTokenKind(
  payload: JWTPayload,
  dpop: DpopMode = 'disabled',
): AuthError | undefined {
  const kind = payload.typ;
  if (kind === undefined) return undefined;
  if (typeof kind === 'string' && kind.toLowerCase() === 'bearer') return undefined;
  if (acceptsDpopKind(kind, payload, dpop)) return undefined;
  const reason = typeof kind === 'string' ? WRONG_KINDS.get(kind.toLowerCase()) : undefined;
  return invalidToken('wrong_token_type', { reason });
}

/**
 * {@link wrongTokenKind}, thrown.
 * @throws AuthError 401 `wrong_token_type`
 *
 * @example
 * ```ts
 * checkTokenKind(payload, options.dpop.mode);
 * ```
 */
export function checkTokenKind(payload: JWTPayload, dpop: DpopMode = 'disabled'): void {
  const problem = wrongTokenKind(payload, dpop);
  if (problem) throw problem;
}

/**
 * The time claims, as jose's `jwtVerify` checks them with `requiredClaims: ['exp']` and a
 * numeric clock tolerance (seconds), in its order: `exp` present, `iat` a number when present,
 * `nbf` not ahead of the clock, `exp` a number and not past.
 * @throws AuthError 401 `missing_claim`, `invalid_claim`, `token_not_yet_valid`, `token_expired`
 *
 * @example
 * ```ts
 * checkTimeClaims(payload, options.now(), options.clockTolerance);
 * ```
 */
export function checkTimeClaims(payload: JWTPayload, nowMs: number, tolerance: number): void {
  if (!Object.hasOwn(payload, 'exp')) throw invalidToken('missing_claim', { claim: 'exp' });
  const now = Math.floor(nowMs / 1000);
  if (payload.iat !== undefined && typeof payload.iat !== 'number') {
    throw invalidToken('invalid_claim', { claim: 'iat' });
  }
  const { nbf, exp } = payload;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + tolerance)) {
    throw invalidToken('token_not_yet_valid');
  }
  if (typeof exp !== 'number') throw invalidToken('invalid_claim', { claim: 'exp' });
  if (exp <= now - tolerance) throw invalidToken('token_expired');
}
