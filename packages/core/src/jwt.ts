import { jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { checkTimeClaims, checkTokenKind, trustedIssuer } from './claim-checks.js';
import { invalidToken, type AuthError } from './errors.js';
import { cryptoKeyFor, signatureCheckFor, type KeyStore } from './keys.js';
import { assertStrongKey, cryptoKeyModulusBits } from './key-strength.js';
import { decodeJws, fromBase64url } from './jws-decode.js';
import type { ResolvedOptions } from './options.js';

/** A token whose signature and claims passed every check. */
export interface VerifiedJwt {
  readonly header: ProtectedHeaderParameters;
  readonly payload: JWTPayload;
  readonly issuer: string;
  /** The key that verified it (undefined for HMAC). */
  readonly kid: string | undefined;
}

/** Header `typ` values of access tokens: RFC 7519 `JWT` and RFC 9068 `at+jwt`. */
const ACCESS_TOKEN_HEADER_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);
const HMAC = /^HS(256|384|512)$/;
const asciiEncoder = new TextEncoder();

/** Checks the JOSE header (allowed `alg`, access-token `typ`, no `crit`) and returns its `alg`. */
function checkHeader(header: ProtectedHeaderParameters, options: ResolvedOptions): string {
  const alg = header.alg;
  if (typeof alg !== 'string' || !options.algorithms.includes(alg as never)) {
    throw invalidToken('unsupported_algorithm');
  }
  if (header.typ !== undefined) {
    if (
      typeof header.typ !== 'string' ||
      !ACCESS_TOKEN_HEADER_TYPES.has(header.typ.toLowerCase())
    ) {
      throw invalidToken('unsupported_header_type');
    }
  }
  if (header.crit !== undefined) {
    throw invalidToken('unsupported_critical_header');
  }
  return alg;
}

function fromJoseError(error: unknown): AuthError {
  const { code, claim, reason } = (error ?? {}) as {
    code?: string;
    claim?: string;
    reason?: string;
  };
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return invalidToken('invalid_signature');
    case 'ERR_JWT_EXPIRED':
      return invalidToken('token_expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (reason === 'missing') return invalidToken('missing_claim', { claim });
      if (claim === 'nbf') return invalidToken('token_not_yet_valid');
      return invalidToken('invalid_claim', { claim });
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return invalidToken('unsupported_algorithm');
    default:
      return invalidToken('malformed_token', { reason: 'unverifiable' });
  }
}

/**
 * Verifies a JWS access token locally: token kind (payload `typ`) → header checks → allow-listed
 * issuer (before any network call) → key by kid from the issuer's JWKS → signature → exp/nbf/iat.
 * The audience policy is the caller's (`resolve-token.ts`): a Keycloak lightweight token may
 * need introspection to show its audience. `jku`, `x5u`, `jwk` and `x5c` headers are never used:
 * keys come only from the issuer's JWKS.
 */
export async function verifyJwt(
  token: string,
  options: ResolvedOptions,
  keys: KeyStore,
): Promise<VerifiedJwt> {
  const { header, payload, signatureAt } = decodeJws(token);
  // The token kind first: a Keycloak refresh token (HS256/HS512) is a `wrong_token_type`, not
  // an `unsupported_algorithm`. Rejecting on unverified claims is safe (the signature covers
  // these very bytes): an ID or refresh token is refused before any key lookup or signature work.
  checkTokenKind(payload, options.dpop.mode);
  const alg = checkHeader(header, options);
  const issuer = trustedIssuer(payload.iss, options.issuers);

  let key: CryptoKey | Uint8Array;
  let kid: string | undefined;
  const now = options.now();
  let verified: JWTPayload;
  if (HMAC.test(alg)) {
    // checkHeader allowed an HS* algorithm, so resolveOptions guaranteed a secret.
    key = options.secret!.reveal();
  } else {
    if (header.kid !== undefined && typeof header.kid !== 'string') {
      throw invalidToken('malformed_token', { reason: 'invalid_kid' });
    }
    const headerKid = header.kid;
    const found =
      keys.findFresh(issuer, headerKid, alg) ?? (await keys.find(issuer, headerKid, alg));
    kid = found.kid;
    const check = signatureCheckFor(found, alg);
    if (check) {
      // The size of the key Node imported, never the JWKS text's (issue 9 item 9).
      assertStrongKey(issuer, found, alg, check.modulusBits);
      // Node: one synchronous signature check over the bytes decoded above, then jose's claim
      // checks (header and payload are exactly the ones jose would have decoded).
      const signature = fromBase64url(token.slice(signatureAt + 1));
      if (!signature) {
        throw invalidToken('malformed_token', { reason: 'unverifiable' });
      }
      let valid: boolean;
      try {
        valid = check.verify(asciiEncoder.encode(token.slice(0, signatureAt)), signature);
      } catch {
        valid = false;
      }
      if (!valid) throw invalidToken('invalid_signature');
      checkTimeClaims(payload, now, options.clockTolerance);
      verified = payload;
      return finish(header, verified, issuer, kid, now, options);
    }
    try {
      key = await cryptoKeyFor(found, alg);
    } catch {
      throw invalidToken('unknown_key', { reason: 'unusable_key' });
    }
    assertStrongKey(issuer, found, alg, cryptoKeyModulusBits(key));
  }

  try {
    ({ payload: verified } = await jwtVerify(token, key, {
      algorithms: [alg],
      clockTolerance: options.clockTolerance,
      currentDate: new Date(now),
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw fromJoseError(error);
  }
  return finish(header, verified, issuer, kid, now, options);
}

/** NumericDate claims that become Dates: each must be one a Date can represent. */
const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'] as const;
/** ECMAScript §21.4.1.1: a Date holds at most ±8.64e15 ms from the epoch. */
const MAX_DATE_MS = 8.64e15;

/**
 * Time claims outside the range of a Date (`exp: 1e300`, `1e400` parsed as Infinity) are invalid:
 * jose accepts them, but no Date (principal `expiresAt`, its JSON, cache expiry) can hold them.
 */
function checkTimeRange(payload: JWTPayload): void {
  for (const name of TIME_CLAIMS) {
    const value = payload[name];
    if (typeof value === 'number' && !(Math.abs(value * 1000) <= MAX_DATE_MS)) {
      throw invalidToken('invalid_claim', { claim: name });
    }
  }
}

function finish(
  header: ProtectedHeaderParameters,
  verified: JWTPayload,
  issuer: string,
  kid: string | undefined,
  now: number,
  options: ResolvedOptions,
): VerifiedJwt {
  checkTimeRange(verified);
  if (typeof verified.iat === 'number' && verified.iat > now / 1000 + options.clockTolerance) {
    throw invalidToken('token_issued_in_future');
  }
  return { header, payload: verified, issuer, kid };
}
