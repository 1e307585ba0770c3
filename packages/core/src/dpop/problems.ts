/**
 * Every way a DPoP proof or a token binding can fail, each with a stable name (what `realmguard
 * doctor` reports) and the AuthError a request gets: 401 `invalid_dpop_proof` for a bad proof,
 * 401 `use_dpop_nonce` for a missing or stale nonce, 401 `invalid_token` for a binding that does
 * not hold. Descriptions are generic: never a token, a claim value or a URL.
 */
import { AuthError, invalidToken } from '../errors.js';

/** The checks of RFC 9449 §4.3 (and the binding of §7), in the order they run. */
export type DpopCheck =
  | 'missing'
  | 'syntax'
  | 'typ'
  | 'alg'
  | 'jwk'
  | 'private-key'
  | 'signature'
  | 'claims'
  | 'htm'
  | 'htu'
  | 'iat'
  | 'nonce'
  | 'ath'
  | 'not-bound'
  | 'binding'
  | 'replay';

const DESCRIPTIONS: Record<DpopCheck, string> = {
  missing: 'The request has no DPoP proof',
  syntax: 'The DPoP proof is not a well-formed JWT',
  typ: 'The DPoP proof header "typ" is not "dpop+jwt"',
  alg: 'The DPoP proof is signed with an algorithm that is not allowed',
  jwk: 'The DPoP proof header has no usable public "jwk"',
  'private-key': 'The DPoP proof header "jwk" contains a private key',
  signature: 'The DPoP proof signature is invalid',
  claims: 'The DPoP proof lacks a valid "jti", "htm", "htu" or "iat" claim',
  htm: 'The DPoP proof "htm" does not match the request method',
  htu: 'The DPoP proof "htu" does not match the request URL',
  iat: 'The DPoP proof "iat" is outside the accepted window',
  nonce: 'The DPoP proof must carry the nonce the resource server provided',
  ath: 'The DPoP proof "ath" does not match the access token',
  'not-bound': 'The access token is not DPoP-bound: send it with the Bearer scheme',
  binding: 'The DPoP proof is not signed with the key the access token is bound to',
  replay: 'The DPoP proof has already been used',
};

/** What the client must change, per check (for `realmguard doctor`). */
export const DPOP_FIXES: Record<DpopCheck, string> = {
  missing: 'Send exactly one DPoP header with a proof made for this request.',
  syntax: 'The DPoP header must hold one compact JWS (header.payload.signature).',
  typ: 'Set the proof header "typ" to "dpop+jwt".',
  alg: 'Sign the proof with one of the algorithms the API accepts (its DPoP challenge lists them in "algs").',
  jwk: 'Put the public key that signs the proof in the header "jwk" (RSA, EC or OKP, "use" sig if present).',
  'private-key':
    'Remove the private members (d, p, q, dp, dq, qi) from the header "jwk": send the public key only.',
  signature: 'Sign the proof with the private key of the header "jwk".',
  claims:
    'Give the proof a unique "jti" (string), "htm" and "htu" (strings) and "iat" (epoch seconds).',
  htm: 'Set "htm" to the exact HTTP method of the request (e.g. GET).',
  htu: 'Set "htu" to the URL the request is sent to, without query and fragment. Behind a proxy, the API needs dpop.publicUrl or dpop.trustProxy.',
  iat: 'Make a fresh proof for every request, with "iat" set from the client\'s clock (check that it is synchronised).',
  nonce: 'Retry with the nonce of the DPoP-Nonce response header in the proof\'s "nonce" claim.',
  ath: 'Set "ath" to base64url(SHA-256(access token)) of the token in the Authorization header.',
  'not-bound':
    'Send this token as "Authorization: Bearer <token>", or obtain a DPoP-bound token (send a DPoP proof to the token endpoint).',
  binding:
    'Sign the proof with the key the token was bound to (the one whose proof the token endpoint received).',
  replay: 'Make a new proof, with a new "jti", for every request.',
};

/** A failed check, as the proof verifier raises it; the binding turns it into an AuthError. */
export class DpopProblem extends Error {
  override readonly name = 'DpopProblem';
  constructor(
    readonly check: DpopCheck,
    /** For `nonce`: the fresh nonce the client must use. */
    readonly nonce?: string,
  ) {
    super(DESCRIPTIONS[check]);
  }
}

/**
 * The AuthError a request gets for a failed check.
 *
 * @example
 * ```ts
 * throw dpopError(new DpopProblem('htu'));
 * ```
 */
export function dpopError(problem: DpopProblem): AuthError {
  const description = DESCRIPTIONS[problem.check];
  if (problem.check === 'nonce') {
    return new AuthError({ code: 'use_dpop_nonce', description });
  }
  if (problem.check === 'not-bound') return invalidToken('token_not_bound', description);
  if (problem.check === 'binding') return invalidToken('dpop_key_mismatch', description);
  return new AuthError({ code: 'invalid_dpop_proof', description });
}

/**
 * A DPoP-bound token sent with the Bearer scheme (or to `verify()`, where no proof can be
 * checked): 401 `invalid_token`, the answer to a token of the wrong kind.
 *
 * @example
 * ```ts
 * if (principal.confirmation?.jkt) throw boundAsBearer();
 * ```
 */
export function boundAsBearer(): AuthError {
  return invalidToken('wrong_token_type', { reason: 'dpop_bound_token' });
}

/**
 * In `dpop.mode: 'required'`, a Bearer request: 401 `invalid_token` with a DPoP challenge.
 *
 * @example
 * ```ts
 * if (mode === 'required') throw dpopRequired();
 * ```
 */
export function dpopRequired(): AuthError {
  return invalidToken('dpop_required');
}
