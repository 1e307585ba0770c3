/**
 * The OpenID Provider metadata Keycloak serves (§1.1): issuer and front-channel URLs from the
 * frontend base, token/introspection/userinfo/certs/registration/PAR/CIBA from the backend base.
 *
 * @module
 */

/** The two realm roots discovery is built from. */
export interface DiscoveryInput {
  /** `{frontend}{contextPath}/realms/{realm}` = the issuer. */
  frontend: string;
  /** `{backend}{contextPath}/realms/{realm}`. */
  backend: string;
  /** Client scope names for `scopes_supported`. */
  scopes: string[];
}

const SIG_ALGS = [
  'PS384',
  'RS384',
  'EdDSA',
  'ES384',
  'HS256',
  'HS512',
  'ES256',
  'RS256',
  'HS384',
  'ES512',
  'PS256',
  'PS512',
  'RS512',
];
const ASYM_SIG_ALGS = SIG_ALGS.filter((a) => !a.startsWith('HS'));
const ENC_ALGS = [
  'ECDH-ES+A256KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A128KW',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA1_5',
  'ECDH-ES',
];
const ENC_ENCS = [
  'A256GCM',
  'A192GCM',
  'A128GCM',
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
];
const AUTH_METHODS = [
  'private_key_jwt',
  'client_secret_basic',
  'client_secret_post',
  'tls_client_auth',
  'client_secret_jwt',
];

/**
 * Builds `/.well-known/openid-configuration`.
 *
 * @example
 * ```ts
 * openidConfiguration({ frontend: 'https://sso.example/realms/acme', backend: 'http://keycloak:8080/realms/acme', scopes });
 * ```
 */
export function openidConfiguration(input: DiscoveryInput): Record<string, unknown> {
  const front = `${input.frontend}/protocol/openid-connect`;
  const back = `${input.backend}/protocol/openid-connect`;
  return {
    issuer: input.frontend,
    authorization_endpoint: `${front}/auth`,
    token_endpoint: `${back}/token`,
    introspection_endpoint: `${back}/token/introspect`,
    userinfo_endpoint: `${back}/userinfo`,
    end_session_endpoint: `${front}/logout`,
    frontchannel_logout_session_supported: true,
    frontchannel_logout_supported: true,
    jwks_uri: `${back}/certs`,
    check_session_iframe: `${front}/login-status-iframe.html`,
    grant_types_supported: [
      'authorization_code',
      'implicit',
      'refresh_token',
      'password',
      'client_credentials',
      'urn:openid:params:grant-type:ciba',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    acr_values_supported: ['0', '1'],
    response_types_supported: [
      'code',
      'none',
      'id_token',
      'token',
      'id_token token',
      'code id_token',
      'code token',
      'code id_token token',
    ],
    subject_types_supported: ['public', 'pairwise'],
    prompt_values_supported: ['none', 'login', 'consent'],
    id_token_signing_alg_values_supported: SIG_ALGS,
    id_token_encryption_alg_values_supported: ENC_ALGS,
    id_token_encryption_enc_values_supported: ENC_ENCS,
    userinfo_signing_alg_values_supported: [...SIG_ALGS, 'none'],
    userinfo_encryption_alg_values_supported: ENC_ALGS,
    userinfo_encryption_enc_values_supported: ENC_ENCS,
    request_object_signing_alg_values_supported: [...SIG_ALGS, 'none'],
    request_object_encryption_alg_values_supported: ENC_ALGS,
    request_object_encryption_enc_values_supported: ENC_ENCS,
    response_modes_supported: [
      'query',
      'fragment',
      'form_post',
      'query.jwt',
      'fragment.jwt',
      'form_post.jwt',
      'jwt',
    ],
    registration_endpoint: `${input.backend}/clients-registrations/openid-connect`,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: SIG_ALGS,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    introspection_endpoint_auth_signing_alg_values_supported: SIG_ALGS,
    authorization_signing_alg_values_supported: ASYM_SIG_ALGS,
    authorization_encryption_alg_values_supported: ENC_ALGS,
    authorization_encryption_enc_values_supported: ENC_ENCS,
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'email',
      'acr',
      'azp',
      'nonce',
    ],
    claim_types_supported: ['normal'],
    claims_parameter_supported: true,
    scopes_supported: ['openid', ...input.scopes],
    request_parameter_supported: true,
    request_uri_parameter_supported: true,
    require_request_uri_registration: true,
    code_challenge_methods_supported: ['plain', 'S256'],
    tls_client_certificate_bound_access_tokens: true,
    revocation_endpoint: `${front}/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: SIG_ALGS,
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    device_authorization_endpoint: `${front}/auth/device`,
    backchannel_token_delivery_modes_supported: ['poll', 'ping'],
    backchannel_authentication_endpoint: `${back}/ext/ciba/auth`,
    backchannel_authentication_request_signing_alg_values_supported: ASYM_SIG_ALGS.filter(
      (a) => a !== 'EdDSA',
    ),
    require_pushed_authorization_requests: false,
    pushed_authorization_request_endpoint: `${back}/ext/par/request`,
    mtls_endpoint_aliases: {
      token_endpoint: `${back}/token`,
      revocation_endpoint: `${front}/revoke`,
      introspection_endpoint: `${back}/token/introspect`,
      device_authorization_endpoint: `${front}/auth/device`,
      registration_endpoint: `${input.backend}/clients-registrations/openid-connect`,
      userinfo_endpoint: `${back}/userinfo`,
      pushed_authorization_request_endpoint: `${back}/ext/par/request`,
      backchannel_authentication_endpoint: `${back}/ext/ciba/auth`,
    },
    authorization_response_iss_parameter_supported: true,
  };
}

/**
 * Builds `/.well-known/oauth-authorization-server` (RFC 8414): the same metadata, same issuer.
 *
 * @example
 * ```ts
 * oauthAuthorizationServer(input).issuer === openidConfiguration(input).issuer; // true
 * ```
 */
export function oauthAuthorizationServer(input: DiscoveryInput): Record<string, unknown> {
  return openidConfiguration(input);
}
