/**
 * The opt-in cookie token source (the `cookie` option): an access token carried in a named cookie,
 * as nest-keycloak-connect's `cookieKey` reads it. The cookie is one more place a credential may
 * be, under the same RFC 6750 rules as the query and body: exactly one credential per request.
 */
import { ConfigurationError } from './errors.js';

/** RFC 6265 cookie-name: an RFC 7230 token. */
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Validates the `cookie` option: the name of the cookie that carries the access token.
 *
 * @throws ConfigurationError for anything but a valid cookie name.
 * @example
 * ```ts
 * cookieOption('KEYCLOAK_JWT'); // 'KEYCLOAK_JWT'
 * cookieOption(undefined); // undefined: no cookie source
 * ```
 */
export function cookieOption(name: unknown): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || !COOKIE_NAME.test(name)) {
    throw new ConfigurationError(
      'realmguard: cookie must be the name of the cookie that carries the access token ' +
        '(an RFC 6265 cookie-name, e.g. "KEYCLOAK_JWT")',
    );
  }
  return name;
}

/**
 * Every value of cookie `name` in a request's `Cookie` header(s), in order: none, one, or several
 * (several is `multiple_tokens` for the caller). A value in double quotes (RFC 6265) is unquoted;
 * values are not percent-decoded, as a JWT or a Keycloak opaque token never needs it.
 *
 * @example
 * ```ts
 * cookieTokens('theme=dark; KEYCLOAK_JWT=eyJhbGciOi…', 'KEYCLOAK_JWT'); // ['eyJhbGciOi…']
 * ```
 */
export function cookieTokens(
  header: string | readonly string[] | null | undefined,
  name: string,
): string[] {
  if (header === undefined || header === null) return [];
  const found: string[] = [];
  for (const line of typeof header === 'string' ? [header] : header) {
    for (const pair of line.split(';')) {
      const equals = pair.indexOf('=');
      if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
      const value = pair.slice(equals + 1).trim();
      found.push(
        value.length >= 2 && value.startsWith('"') && value.endsWith('"')
          ? value.slice(1, -1)
          : value,
      );
    }
  }
  return found;
}
