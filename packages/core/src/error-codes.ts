/**
 * The table of every {@link AuthErrorCode}: the OAuth error it answers with (which decides the
 * HTTP status) and its default description, so that an error is built from its code alone
 * (`new AuthError({ code: 'token_expired' })`). A code whose failure has several causes lists a
 * description per {@link AuthErrorReason}; `missing_claim` and `invalid_claim` name their claim.
 *
 * Descriptions are generic on purpose: they never contain the token, claim values or internal
 * URLs (a claim's name is not a value).
 */

/** The OAuth error a response carries in its body and `WWW-Authenticate` header. */
export type OAuthErrorName =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'temporarily_unavailable'
  | 'server_error'
  // RFC 9449 §7.1 and §9 (401)
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

/** Stable machine-readable reason for a failure. */
export type AuthErrorCode =
  // 401 without an error attribute: no credential was sent.
  | 'missing_token'
  // 400 invalid_request
  | 'malformed_authorization'
  | 'multiple_tokens'
  | 'multiple_dpop_proofs'
  // 401 invalid_dpop_proof, use_dpop_nonce (RFC 9449)
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // 401 invalid_token
  | 'empty_token'
  | 'token_too_large'
  | 'malformed_token'
  | 'unsupported_token_format'
  | 'unsupported_algorithm'
  | 'unsupported_header_type'
  | 'unsupported_critical_header'
  | 'untrusted_issuer'
  | 'unknown_key'
  | 'weak_key'
  | 'invalid_signature'
  | 'missing_claim'
  | 'invalid_claim'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_issued_in_future'
  | 'wrong_token_type'
  | 'audience_mismatch'
  | 'token_inactive'
  | 'session_ended'
  // 401 invalid_token: sender-constrained tokens (RFC 9449, RFC 8705)
  | 'dpop_required'
  | 'token_not_bound'
  | 'dpop_key_mismatch'
  | 'certificate_mismatch'
  | 'unsupported_confirmation'
  // 403 insufficient_scope
  | 'missing_role'
  | 'missing_scope'
  | 'claim_mismatch'
  | 'missing_permission'
  | 'policy_denied'
  | 'lightweight_token'
  // 500 server_error: only the operator can fix it (the body stays generic)
  | 'server_misconfigured'
  // 503 temporarily_unavailable
  | 'idp_unavailable'
  | 'revocation_unavailable'
  | 'replay_check_unavailable';

/**
 * Which of several causes of one code failed, for callers that branch on more than the code
 * (jose's `reason`). Each code's possible reasons are listed in the table below.
 */
export type AuthErrorReason =
  // malformed_token
  | 'not_jws'
  | 'unverifiable'
  | 'invalid_kid'
  // unknown_key
  | 'unusable_key'
  // weak_key
  | 'unmeasurable_key'
  | 'small_key'
  // wrong_token_type: Keycloak's token kinds (payload `typ`) that are not bearer access tokens
  | 'id_token'
  | 'refresh_token'
  | 'offline_token'
  | 'logout_token'
  | 'dpop_bound_token'
  // token_inactive
  | 'rejected_by_idp'
  // session_ended
  | 'session_logged_out'
  | 'user_logged_out'
  | 'not_before';

/** What the table says about one code. */
export interface AuthErrorCodeEntry {
  /** The OAuth error (`undefined`: a bare challenge, for a request without any credential). */
  readonly error: OAuthErrorName | undefined;
  /** The description when nothing more specific applies. */
  readonly description: string;
  /** The description of an error that names its claim (`missing_claim`, `invalid_claim`). */
  readonly claim?: (claim: string) => string;
  /** The description of each reason of this code. */
  readonly reasons?: Partial<Record<AuthErrorReason, string>>;
}

/** HTTP status of each OAuth error (a bare challenge is a 401). */
export const OAUTH_ERROR_STATUS: Readonly<Record<OAuthErrorName, number>> = Object.freeze({
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  temporarily_unavailable: 503,
  server_error: 500,
  invalid_dpop_proof: 401,
  use_dpop_nonce: 401,
});

const token = (description: string) => ({ error: 'invalid_token' as const, description });
const forbidden = (description: string) => ({ error: 'insufficient_scope' as const, description });
const SESSION_ENDED = 'The session of this access token has ended';
const NOT_BEARER = 'cannot be used as a bearer access token';

/**
 * Every code's OAuth error and default description.
 *
 * @example
 * ```ts
 * AUTH_ERROR_CODES.token_expired; // { error: 'invalid_token', description: 'The access token expired' }
 * ```
 */
export const AUTH_ERROR_CODES = Object.freeze({
  missing_token: { error: undefined, description: 'Authentication is required' },
  malformed_authorization: {
    error: 'invalid_request',
    description: 'The Authorization header is malformed',
  },
  multiple_tokens: {
    error: 'invalid_request',
    description: 'The request carries more than one access token',
  },
  multiple_dpop_proofs: {
    error: 'invalid_request',
    description: 'The request carries more than one DPoP proof',
  },
  invalid_dpop_proof: { error: 'invalid_dpop_proof', description: 'The DPoP proof is invalid' },
  use_dpop_nonce: {
    error: 'use_dpop_nonce',
    description: 'The DPoP proof must carry the nonce the server provided',
  },
  empty_token: token('The bearer token is empty'),
  token_too_large: token('The access token is too large'),
  malformed_token: {
    ...token('The access token is malformed'),
    reasons: {
      not_jws: 'The access token is not a well-formed JWT',
      unverifiable: 'The access token could not be verified',
      invalid_kid: 'The access token header has an invalid "kid"',
    },
  },
  unsupported_token_format: token('Encrypted (JWE) access tokens are not supported'),
  unsupported_algorithm: token('The access token is signed with an algorithm that is not allowed'),
  unsupported_header_type: token('The token header type is not that of an access token'),
  unsupported_critical_header: token('The access token has unsupported critical header parameters'),
  untrusted_issuer: token('The access token was issued by an issuer that is not trusted'),
  unknown_key: {
    ...token('The access token is signed with an unknown key'),
    reasons: { unusable_key: 'The access token is signed with a key that cannot be used' },
  },
  weak_key: {
    ...token('The access token is signed with an RSA key that is too small'),
    reasons: {
      unmeasurable_key: 'The access token is signed with an RSA key whose size cannot be checked',
    },
  },
  invalid_signature: token('The access token signature is invalid'),
  missing_claim: {
    ...token('The access token lacks a required claim'),
    claim: (claim) => `The access token has no "${claim}" claim`,
  },
  invalid_claim: {
    ...token('The access token has an invalid claim'),
    claim: (claim) => `The access token has an invalid "${claim}" claim`,
  },
  token_expired: token('The access token expired'),
  token_not_yet_valid: token('The access token is not valid yet'),
  token_issued_in_future: token('The access token was issued in the future'),
  wrong_token_type: {
    ...token('The token is not a bearer access token'),
    reasons: {
      id_token: `An ID token ${NOT_BEARER}`,
      refresh_token: `A refresh token ${NOT_BEARER}`,
      offline_token: `An offline token ${NOT_BEARER}`,
      logout_token: `A logout token ${NOT_BEARER}`,
      dpop_bound_token: 'A DPoP-bound token must be presented with the DPoP scheme, not Bearer',
    },
  },
  audience_mismatch: token('The access token is not intended for this audience'),
  token_inactive: {
    ...token('The access token is no longer active'),
    reasons: { rejected_by_idp: 'The identity provider no longer accepts the access token' },
  },
  session_ended: {
    ...token(SESSION_ENDED),
    reasons: {
      session_logged_out: `${SESSION_ENDED} (logged out)`,
      user_logged_out: `${SESSION_ENDED} (the user was logged out)`,
      not_before: `${SESSION_ENDED} (tokens issued before a revocation)`,
    },
  },
  dpop_required: token('This resource requires a DPoP-bound access token'),
  token_not_bound: token('The access token is not bound to the key of the DPoP proof'),
  dpop_key_mismatch: token('The DPoP proof is not signed with the key the token is bound to'),
  certificate_mismatch: token(
    'The access token is bound to a client certificate that the request does not present',
  ),
  unsupported_confirmation: token(
    'The access token is bound by a confirmation method that is not supported',
  ),
  missing_role: forbidden('The access token lacks a required role'),
  missing_scope: forbidden('The access token lacks a required scope'),
  claim_mismatch: forbidden('A claim of the access token does not have the required value'),
  missing_permission: forbidden('The access token is not granted the required permission'),
  policy_denied: forbidden('The request is not allowed by the access policy'),
  lightweight_token: forbidden(
    'The access token is a Keycloak lightweight access token, which carries no roles: ' +
      'the API must be configured to introspect it',
  ),
  server_misconfigured: {
    error: 'server_error',
    description: 'The server could not check this request because of a configuration problem',
  },
  idp_unavailable: {
    error: 'temporarily_unavailable',
    description: 'The identity provider is temporarily unavailable; try again later',
  },
  revocation_unavailable: {
    error: 'temporarily_unavailable',
    description: 'Token revocation cannot be checked right now; try again later',
  },
  replay_check_unavailable: {
    error: 'temporarily_unavailable',
    description: 'The server cannot check this request right now; try again later',
  },
} satisfies Record<AuthErrorCode, AuthErrorCodeEntry>);

/** Codes answered with `invalid_token` (what {@link invalidToken} builds). */
export type InvalidTokenCode = {
  [C in AuthErrorCode]: (typeof AUTH_ERROR_CODES)[C]['error'] extends 'invalid_token' ? C : never;
}[AuthErrorCode];

/**
 * The description of an error of `code`: the reason's, else the claim's, else the code's.
 *
 * @example
 * ```ts
 * describeAuthError('missing_claim', { claim: 'exp' }); // 'The access token has no "exp" claim'
 * ```
 */
export function describeAuthError(
  code: AuthErrorCode,
  detail: { readonly claim?: string; readonly reason?: AuthErrorReason } = {},
): string {
  const entry: AuthErrorCodeEntry = AUTH_ERROR_CODES[code];
  const byReason = detail.reason === undefined ? undefined : entry.reasons?.[detail.reason];
  if (byReason !== undefined) return byReason;
  if (detail.claim !== undefined && entry.claim) return entry.claim(detail.claim);
  return entry.description;
}
