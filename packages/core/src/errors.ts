/**
 * Every failure realmguard reports is an {@link AuthError}: it already knows its HTTP status,
 * its RFC 6750 `WWW-Authenticate` header and its JSON body, so adapters hold no status logic.
 *
 * Descriptions are generic on purpose: they never contain the token, claim values or internal
 * URLs. Callers branch on the stable {@link AuthErrorCode}, never on messages.
 */
import { renderChallenges, type SenderChallenge } from './dpop/challenge.js';

import {
  AUTH_ERROR_CODES,
  describeAuthError,
  OAUTH_ERROR_STATUS,
  type AuthErrorCode,
  type AuthErrorReason,
  type InvalidTokenCode,
  type OAuthErrorName,
} from './error-codes.js';

export type { AuthErrorCode, AuthErrorReason, OAuthErrorName } from './error-codes.js';

/** What an AuthError is built from: its code, and what the code's table entry cannot know. */
export interface AuthErrorInit {
  code: AuthErrorCode;
  /**
   * @deprecated The code decides the OAuth error (see `AUTH_ERROR_CODES`); a value given here
   * is ignored.
   */
  error?: OAuthErrorName;
  /** Overrides the code's description (generic: never a token, a claim value or a URL). */
  description?: string;
  /** The claim a `missing_claim` or `invalid_claim` is about (`exp`, `aud`, …). */
  claim?: string;
  /** Which of the code's causes failed (one of the `AuthErrorReason` values). */
  reason?: AuthErrorReason;
  /** A longer, operator-facing explanation with the fix (never sent in `WWW-Authenticate`). */
  hint?: string;
  /** Space-separated scopes that would satisfy a 403 (RFC 6750 `scope` attribute). */
  scope?: string;
  /** Seconds, for 503 responses. */
  retryAfter?: number;
  /** The `realm` attribute of `WWW-Authenticate`. Default `api`. */
  realm?: string;
  cause?: unknown;
}

/** What core's `invalidToken()` takes beside the code and the description. */
export type AuthErrorDetail = Omit<AuthErrorInit, 'code' | 'error' | 'description'>;

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
  /** The claim a `missing_claim` or `invalid_claim` is about, as jose's `claim`. */
  readonly claim: string | undefined;
  /** Which of the code's causes failed, as jose's `reason` (one of the `AuthErrorReason` values). */
  readonly reason: AuthErrorReason | undefined;
  readonly hint: string | undefined;
  readonly scope: string | undefined;
  readonly retryAfter: number | undefined;
  /**
   * The `realm` attribute of `WWW-Authenticate`. A verifier answers with its own realm: errors
   * leave it through {@link AuthError.withRealm}.
   */
  readonly realm: string;
  /** The DPoP challenges (RFC 9449 §7.1), set by the verifier for sender-constrained requests. */
  challenge: SenderChallenge | undefined = undefined;

  constructor(init: AuthErrorInit) {
    const description = init.description ?? describeAuthError(init.code, init);
    super(description, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.error = AUTH_ERROR_CODES[init.code].error;
    this.status = this.error === undefined ? 401 : OAUTH_ERROR_STATUS[this.error];
    this.description = description;
    this.claim = init.claim;
    this.reason = init.reason;
    this.hint = init.hint;
    this.scope = init.scope;
    this.retryAfter = init.retryAfter;
    this.realm = init.realm ?? 'api';
  }

  /**
   * This error as the API of `realm` answers it: itself when the realm is already `realm`,
   * else a copy built with it (stack, cause and challenge kept). Errors are raised deep inside
   * verification, where the realm is not known; the verifier calls this where they leave it.
   *
   * @example
   * ```ts
   * const error = new AuthError({ code: 'token_expired' }).withRealm('acme');
   * error.headers['www-authenticate']; // 'Bearer realm="acme", error="invalid_token", …'
   * ```
   */
  withRealm(realm: string): AuthError {
    if (realm === this.realm) return this;
    const copy = new AuthError({
      code: this.code,
      description: this.description,
      claim: this.claim,
      reason: this.reason,
      hint: this.hint,
      scope: this.scope,
      retryAfter: this.retryAfter,
      realm,
      cause: this.cause,
    });
    copy.challenge = this.challenge;
    if (this.stack !== undefined) copy.stack = this.stack;
    return copy;
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
      claim: this.claim,
      reason: this.reason,
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

/**
 * `error` as the API of `realm` answers it ({@link AuthError.withRealm}); anything that is not an
 * AuthError is returned as is.
 *
 * @example
 * ```ts
 * throw inRealm(error, options.realm);
 * ```
 */
export function inRealm(error: unknown, realm: string): unknown {
  return isAuthError(error) && typeof error.withRealm === 'function'
    ? error.withRealm(realm)
    : error;
}

/**
 * Shorthand for a 401 `invalid_token` error: the code alone is enough (its description comes
 * from the table), or the code with a description or the claim and reason it is about.
 *
 * @example
 * ```ts
 * throw invalidToken('token_expired');
 * throw invalidToken('missing_claim', { claim: 'exp' }); // 'The access token has no "exp" claim'
 * throw invalidToken('audience_mismatch', undefined, { hint });
 * ```
 */
export function invalidToken(
  code: InvalidTokenCode,
  description?: string | AuthErrorDetail,
  detail: AuthErrorDetail = {},
): AuthError {
  return typeof description === 'object'
    ? new AuthError({ ...description, code })
    : new AuthError({ ...detail, code, description });
}

/** Shorthand for a 503 when the identity provider cannot be reached and nothing cached decides. */
export function idpUnavailable(retryAfter: number, cause?: unknown): AuthError {
  return new AuthError({ code: 'idp_unavailable', retryAfter, cause });
}

/**
 * Shorthand for a 500 when the identity provider answered definitively that the server is
 * misconfigured (e.g. the UMA resource server has no Authorization Services): the body is
 * generic; the `configuration_problem` event says what to fix.
 */
export function serverMisconfigured(cause?: unknown): AuthError {
  return new AuthError({ code: 'server_misconfigured', cause });
}
