import { HttpException } from '@nestjs/common';
import type { AuthError } from '@realmguard/core';

/**
 * What the guard throws for an AuthError: an HttpException whose response is the RFC 6750 body,
 * with the AuthError's status. Its `WWW-Authenticate` (or `Retry-After`) header is already set on
 * the HTTP response, so Nest's exception filter sends exactly what the other adapters send.
 * Catch it in your own exception filter to render errors another way.
 *
 * @example
 * ```ts
 * @Catch(AuthException)
 * class AuthErrorFilter implements ExceptionFilter {
 *   catch(exception: AuthException, host: ArgumentsHost) {
 *     const reply = host.switchToHttp().getResponse<Response>();
 *     reply.status(exception.getStatus()).json({ code: exception.authError.code });
 *   }
 * }
 * ```
 */
export class AuthException extends HttpException {
  constructor(readonly authError: AuthError) {
    super(authError.body, authError.status, { cause: authError });
    this.message = authError.description; // what GraphQL shows: never a token or an internal URL
  }
}
