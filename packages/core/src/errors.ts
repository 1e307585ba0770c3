/**
 * Every failure realmguard reports is an {@link AuthError}: it already knows its HTTP status,
 * its RFC 6750 `WWW-Authenticate` header and its JSON body, so adapters hold no status logic.
 *
 * Descriptions are generic on purpose: they never contain the token, claim values or internal
 * URLs. Callers branch on the stable {@link AuthErrorCode}, never on messages.
 */
import { renderChallenges, type SenderChallenge } from './dpop/challenge.js';

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

const STATUS: Record<OAuthErrorName, number> = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  temporarily_unavailable: 503,
  server_error: 500,
  invalid_dpop_proof: 401,
  use_dpop_nonce: 401,
};

/** What an AuthError is built from. */
export interface AuthErrorInit {
  code: AuthErrorCode;
  error?: OAuthErrorName;
  description: string;
  /** A longer, operator-facing explanation with the fix (never sent in `WWW-Authenticate`). */
  hint?: string;
  /** Space-separated scopes that would satisfy a 403 (RFC 6750 `scope` attribute). */
  scope?: string;
  /** Seconds, for 503 responses. */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * An authentication or authorization failure that knows how to become an HTTP response.
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token);
 * } catch (err) {
 *   if (err instanceof AuthError) {
 *     return new Response(JSON.stringify(err.body), { status: err.status, headers: err.headers });
 *   }
 *   throw err;
 * }
 * ```
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  /** The OAuth error name, or undefined for a request that carried no credential at all. */
  readonly error: OAuthErrorName | undefined;
  readonly status: number;
  readonly description: string;
  readonly hint: string | undefined;
  readonly scope: string | undefined;
  readonly retryAfter: number | undefined;
  /** The `realm` attribute of `WWW-Authenticate`; set by the verifier that raised the error. */
  realm = 'api';
  /** The DPoP challenges (RFC 9449 §7.1), set by the verifier for sender-constrained requests. */
  challenge: SenderChallenge | undefined = undefined;

  constructor(init: AuthErrorInit) {
    super(init.description, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.error = init.code === 'missing_token' ? undefined : (init.error ?? 'invalid_token');
    this.status = this.error === undefined ? 401 : STATUS[this.error];
    this.description = init.description;
    this.hint = init.hint;
    this.scope = init.scope;
    this.retryAfter = init.retryAfter;
  }

  /** Response headers: `WWW-Authenticate` for 400/401/403, `Retry-After` for 503. */
  get headers(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.status === 503) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(this.retryAfter ?? 5)));
      return headers;
    }
    // A 500 is no challenge: RFC 6750 has nothing to say about it.
    if (this.status === 500) return headers;
    headers['www-authenticate'] = this.wwwAuthenticate();
    if (this.challenge?.nonce !== undefined) headers['dpop-nonce'] = this.challenge.nonce;
    return headers;
  }

  /**
   * The RFC 6750 JSON body. A request without any credential gets no `error` member; a failure
   * only the operator can fix (an Audience mapper, a weak realm key) adds `hint`.
   */
  get body(): { error?: string; error_description: string; hint?: string } {
    const body: { error?: string; error_description: string; hint?: string } =
      this.error === undefined
        ? { error_description: this.description }
        : { error: this.error, error_description: this.description };
    if (this.hint !== undefined) body.hint = this.hint;
    return body;
  }

  private wwwAuthenticate(): string {
    const params = [`realm=${quote(this.realm)}`];
    if (this.error !== undefined) {
      params.push(`error=${quote(this.error)}`, `error_description=${quote(this.description)}`);
      if (this.scope) params.push(`scope=${quote(this.scope)}`);
    }
    if (this.challenge) return renderChallenges(this.challenge, params, params[0]!);
    return `Bearer ${params.join(', ')}`;
  }

  /** Keeps the hint and code in JSON logs, never a token. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      error: this.error,
      description: this.description,
      hint: this.hint,
    };
  }
}

/** RFC 7230 quoted-string: backslash-escape `"` and `\`, drop control characters. */
function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Thrown at construction when options are wrong: a programming error, never a request error.
 *
 * @example
 * ```ts
 * try {
 *   createVerifier({ issuer: 'https://sso.example.com/realms/acme', audience: '' });
 * } catch (error) {
 *   if (error instanceof ConfigurationError) console.error(error.message); // says how to fix it
 * }
 * ```
 */
export class ConfigurationError extends TypeError {
  override readonly name = 'ConfigurationError';
}

/**
 * True when `value` is an AuthError (also across duplicated package copies).
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token);
 * } catch (error) {
 *   if (!isAuthError(error)) throw error;
 *   return Response.json(error.body, { status: error.status, headers: error.headers });
 * }
 * ```
 */
export function isAuthError(value: unknown): value is AuthError {
  return (
    value instanceof AuthError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'AuthError' &&
      typeof (value as { status?: unknown }).status === 'number')
  );
}

/** Shorthand for a 401 invalid_token error. */
export function invalidToken(
  code: AuthErrorCode,
  description: string,
  extra: Omit<AuthErrorInit, 'code' | 'description'> = {},
): AuthError {
  return new AuthError({ code, description, error: 'invalid_token', ...extra });
}

/** Shorthand for a 503 when the identity provider cannot be reached and nothing cached decides. */
export function idpUnavailable(retryAfter: number, cause?: unknown): AuthError {
  return new AuthError({
    code: 'idp_unavailable',
    error: 'temporarily_unavailable',
    description: 'The identity provider is temporarily unavailable; try again later',
    retryAfter,
    cause,
  });
}

/**
 * Shorthand for a 500 when the identity provider answered definitively that the server is
 * misconfigured (e.g. the UMA resource server has no Authorization Services): the body is
 * generic; the `configuration_problem` event says what to fix.
 */
export function serverMisconfigured(cause?: unknown): AuthError {
  return new AuthError({
    code: 'server_misconfigured',
    error: 'server_error',
    description: 'The server could not check this request because of a configuration problem',
    cause,
  });
}
