import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** An independent OpenID Provider (panva/oidc-provider) on 127.0.0.1 issuing JWT access tokens. */
export interface RunningOidcProvider {
  readonly issuer: string;
  /** Audience of the access tokens it issues (its resource indicator's audience). */
  readonly audience: string;
  /** A client_credentials access token (JWT or opaque) for the `orders:read` scope. */
  clientCredentialsToken(): Promise<string>;
  close(): Promise<void>;
}

/** How the provider issues access tokens. */
export interface OidcProviderOptions {
  /** Opaque access tokens (with the introspection endpoint on) instead of RFC 9068 JWTs. */
  opaque?: boolean;
}

/** Credentials of the resource server's own client, allowed to introspect tokens. */
export const INTROSPECTION_CLIENT = { clientId: 'orders-api', clientSecret: 'orders-api-secret' };

export async function startOidcProvider(
  options: OidcProviderOptions = {},
): Promise<RunningOidcProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'test-rs256',
    use: 'sig',
    alg: 'RS256',
  };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const audience = 'orders-api';
  const resource = 'urn:realmguard:orders-api';

  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [
      {
        client_id: 'billing-worker',
        client_secret: 'billing-worker-secret',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: INTROSPECTION_CLIENT.clientId,
        client_secret: INTROSPECTION_CLIENT.clientSecret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: ['orders:read'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: options.opaque === true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        getResourceServerInfo: () => ({
          scope: 'orders:read',
          audience,
          accessTokenFormat: options.opaque ? 'opaque' : 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  const handler = provider.callback();
  server.on('request', (req, res) => void handler(req, res));

  return {
    issuer,
    audience,
    async clientCredentialsToken() {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa('billing-worker:billing-worker-secret')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read' }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || !body.access_token)
        throw new Error(`token request failed: HTTP ${response.status}`);
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
