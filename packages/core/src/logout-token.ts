import type { JWTPayload } from 'jose';
import {
  checkReceivedHeader,
  decodeReceived,
  ReceiverError,
  verifyReceivedSignature,
} from './receiver-jws.js';
import type { VerifierInternals } from './verifier-internals.js';

/**
 * OpenID Connect Back-Channel Logout 1.0 logout-token validation, §2.4 (what a logout token is)
 * and §2.6 (how a relying party validates it), as Keycloak sends it (header `typ: logout+jwt`,
 * payload `typ: Logout`, `sid` and `sub`, `exp = iat + 120` from Keycloak 23.0.4 on).
 */

/** The back-channel logout event: the `events` member every logout token carries. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Spec §2.4: "preferably at most two minutes"; the age limit of a token without `exp`. */
const MAX_AGE_WITHOUT_EXP = 120;
const WHAT = 'logout token';

/** A logout token that passed every check. */
export interface LogoutClaims {
  readonly issuer: string;
  readonly sid: string | undefined;
  readonly sub: string | undefined;
  /** Epoch seconds. */
  readonly iat: number;
  readonly jti: string;
  /** Epoch seconds when the token stops being valid (its `exp`, or `iat` + 120 without one). */
  readonly validUntil: number;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** §2.6 steps 4–7 and the required members of §2.4, on the signed claims. */
function checkClaims(
  payload: JWTPayload,
  clientIds: readonly string[],
  nowSeconds: number,
  tolerance: number,
): { iat: number; validUntil: number } {
  const aud = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!Array.isArray(aud) || !aud.some((value) => clientIds.includes(value))) {
    throw new ReceiverError('The logout token is not addressed to this client (aud)');
  }
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    throw new ReceiverError('The logout token has no valid "iat" claim');
  }
  if (iat > nowSeconds + tolerance)
    throw new ReceiverError('The logout token was issued in the future');
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) {
    throw new ReceiverError('The logout token has an invalid "exp" claim');
  }
  if (exp !== undefined && exp <= nowSeconds - tolerance) {
    throw new ReceiverError('The logout token expired');
  }
  if (exp === undefined && iat < nowSeconds - MAX_AGE_WITHOUT_EXP - tolerance) {
    throw new ReceiverError('The logout token is too old');
  }
  if (
    payload.nbf !== undefined &&
    !(typeof payload.nbf === 'number' && payload.nbf <= nowSeconds + tolerance)
  ) {
    throw new ReceiverError('The logout token is not valid yet');
  }
  if (!nonEmpty(payload.jti)) throw new ReceiverError('The logout token has no "jti" claim');
  const events = payload.events;
  if (
    !isObject(events) ||
    !Object.hasOwn(events, BACKCHANNEL_LOGOUT_EVENT) ||
    !isObject(events[BACKCHANNEL_LOGOUT_EVENT])
  ) {
    throw new ReceiverError('The logout token has no back-channel logout event');
  }
  if (!nonEmpty(payload.sid) && !nonEmpty(payload.sub)) {
    throw new ReceiverError('The logout token names neither a session (sid) nor a user (sub)');
  }
  if (payload.sid !== undefined && !nonEmpty(payload.sid)) {
    throw new ReceiverError('The logout token has an invalid "sid" claim');
  }
  if (payload.sub !== undefined && !nonEmpty(payload.sub)) {
    throw new ReceiverError('The logout token has an invalid "sub" claim');
  }
  if (Object.hasOwn(payload, 'nonce'))
    throw new ReceiverError('A logout token must not contain a nonce');
  // Keycloak's token kind: a Keycloak ID or access token is never a logout token.
  if (
    payload.typ !== undefined &&
    !(typeof payload.typ === 'string' && payload.typ.toLowerCase() === 'logout')
  ) {
    throw new ReceiverError('The token is not a logout token');
  }
  return { iat, validUntil: exp ?? iat + MAX_AGE_WITHOUT_EXP };
}

/**
 * Validates a logout token (§2.6): explicit type `logout+jwt`, a signature by a trusted issuer's
 * published key, `iss`, `aud` (one of `clientIds`), `iat` within the clock tolerance, `exp` when
 * present (and an age of at most two minutes without it), the back-channel `events` member,
 * `sid` and/or `sub`, `jti`, and no `nonce`. The `jti` replay check is the caller's (it needs
 * the shared store).
 *
 * @throws ReceiverError (400, or 503 when the issuer's keys cannot be fetched)
 * @example
 * ```ts
 * const claims = await verifyLogoutToken(form.get('logout_token'), internalsOf(verifier), ['orders-web']);
 * ```
 */
export async function verifyLogoutToken(
  token: string,
  internals: VerifierInternals,
  clientIds: readonly string[],
): Promise<LogoutClaims> {
  const { options } = internals;
  const { header, payload } = decodeReceived(token, WHAT, options.maxTokenLength);
  const alg = checkReceivedHeader(header, internals, WHAT, 'logout+jwt');
  const issuer = payload.iss;
  if (typeof issuer !== 'string' || !options.issuers.includes(issuer)) {
    throw new ReceiverError('The logout token was issued by an issuer that is not trusted');
  }
  await verifyReceivedSignature(token, header, alg, internals, WHAT, issuer);
  const now = Math.floor(options.now() / 1000);
  const { iat, validUntil } = checkClaims(payload, clientIds, now, options.clockTolerance);
  return {
    issuer,
    sid: nonEmpty(payload.sid) ? payload.sid : undefined,
    sub: nonEmpty(payload.sub) ? payload.sub : undefined,
    iat,
    jti: payload.jti as string,
    validUntil,
  };
}
