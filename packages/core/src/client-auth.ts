/**
 * OAuth 2.0 client authentication with a client secret (RFC 6749 §2.3.1), for the calls that
 * realmguard makes as a client: introspection and client_credentials.
 */
import { revealSecret, type Secret } from './secret.js';

/** How the client authenticates to the identity provider. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** A confidential client's credentials. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Default `client_secret_basic`. */
  authMethod?: ClientAuthMethod;
}

// RFC 6749 §2.3.1: the id and secret are form-urlencoded before being joined for Basic.
const formEncode = (value: string) =>
  encodeURIComponent(value)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Client credentials as options hold them: the secret wrapped, so that it never shows. */
export interface ResolvedClientCredentials {
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly authMethod: ClientAuthMethod;
}

/**
 * Adds the client's credentials to a form request: an Authorization header or form fields.
 *
 * @example
 * ```ts
 * const form = new URLSearchParams({ token });
 * const client = { clientId: 'orders-api', clientSecret, authMethod: 'client_secret_basic' } as const;
 * const headers = authenticateClient(client, form); // { authorization: 'Basic …' }
 * await fetch(introspectionEndpoint, { method: 'POST', headers, body: form });
 * ```
 */
export function authenticateClient(
  client: ClientCredentials | ResolvedClientCredentials,
  form: URLSearchParams,
): Record<string, string> {
  const secret = revealSecret(client.clientSecret);
  if (client.authMethod === 'client_secret_post') {
    form.set('client_id', client.clientId);
    form.set('client_secret', secret);
    return {};
  }
  const basic = btoa(`${formEncode(client.clientId)}:${formEncode(secret)}`);
  return { authorization: `Basic ${basic}` };
}

/** Validates client credentials given as options; returns a message or undefined. */
export function clientCredentialsProblem(
  name: string,
  client: Partial<ClientCredentials>,
): string | undefined {
  if (typeof client.clientId !== 'string' || client.clientId === '')
    return `${name}.clientId is required`;
  if (typeof client.clientSecret !== 'string' || client.clientSecret === '') {
    return `${name}.clientSecret is required`;
  }
  if (
    client.authMethod !== undefined &&
    client.authMethod !== 'client_secret_basic' &&
    client.authMethod !== 'client_secret_post'
  ) {
    return `${name}.authMethod must be "client_secret_basic" or "client_secret_post"`;
  }
  return undefined;
}
