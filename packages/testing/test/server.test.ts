import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { fixture, T0 } from './helpers.js';

describe('in-process server', () => {
  it('serves discovery with the frontend issuer and backend endpoints', async () => {
    const fx = await fixture({ frontendUrl: 'https://sso.example.com', contextPath: '/auth' });
    const res = await fx.kc.fetch(fx.realm.discoveryUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe('https://sso.example.com/auth/realms/acme');
    expect(doc.authorization_endpoint).toBe(
      'https://sso.example.com/auth/realms/acme/protocol/openid-connect/auth',
    );
    expect(doc.jwks_uri).toBe(
      'http://keycloak.test/auth/realms/acme/protocol/openid-connect/certs',
    );
    expect(doc.token_endpoint).toBe(fx.realm.tokenEndpoint);
    expect(doc.introspection_endpoint).toBe(fx.realm.introspectionEndpoint);
    expect(doc.userinfo_endpoint).toBe(fx.realm.userinfoEndpoint);
    expect(doc.id_token_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['HS256', 'HS384', 'HS512', 'RS256']),
    );
    expect((doc.userinfo_signing_alg_values_supported as string[]).at(-1)).toBe('none');
    const required =
      `acr_values_supported authorization_encryption_alg_values_supported authorization_encryption_enc_values_supported authorization_endpoint authorization_signing_alg_values_supported backchannel_authentication_endpoint backchannel_authentication_request_signing_alg_values_supported backchannel_logout_session_supported backchannel_logout_supported backchannel_token_delivery_modes_supported check_session_iframe claim_types_supported claims_parameter_supported claims_supported code_challenge_methods_supported device_authorization_endpoint end_session_endpoint frontchannel_logout_session_supported frontchannel_logout_supported grant_types_supported id_token_encryption_alg_values_supported id_token_encryption_enc_values_supported id_token_signing_alg_values_supported introspection_endpoint introspection_endpoint_auth_methods_supported introspection_endpoint_auth_signing_alg_values_supported issuer jwks_uri mtls_endpoint_aliases pushed_authorization_request_endpoint registration_endpoint request_object_encryption_alg_values_supported request_object_encryption_enc_values_supported request_object_signing_alg_values_supported request_parameter_supported request_uri_parameter_supported require_pushed_authorization_requests require_request_uri_registration response_modes_supported response_types_supported revocation_endpoint revocation_endpoint_auth_methods_supported revocation_endpoint_auth_signing_alg_values_supported scopes_supported subject_types_supported tls_client_certificate_bound_access_tokens token_endpoint token_endpoint_auth_methods_supported token_endpoint_auth_signing_alg_values_supported userinfo_encryption_alg_values_supported userinfo_encryption_enc_values_supported userinfo_endpoint userinfo_signing_alg_values_supported`.split(
        ' ',
      );
    // The python-keycloak list in the research notes (it says 54; it names 53).
    expect(required).toHaveLength(53);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(required));
    const rfc8414 = (await (
      await fx.kc.fetch(`${fx.realm.backendUrl}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(rfc8414.issuer).toBe(doc.issuer);
  });

  it('serves certs exactly as realm.keys.jwks(), usable by jose createRemoteJWKSet', async () => {
    const fx = await fixture();
    const res = await fx.kc.fetch(fx.realm.jwksUri);
    expect(await res.json()).toEqual(fx.realm.keys.jwks());
    const jwks = createRemoteJWKSet(new URL(fx.realm.jwksUri), { [customFetch]: fx.kc.fetch });
    const { payload } = await jwtVerify(await fx.realm.accessToken(), jwks, {
      currentDate: new Date(T0),
    });
    expect(payload.azp).toBe('orders-web');
  });

  it('answers 404 for unknown paths and realms, 405 for wrong methods', async () => {
    const fx = await fixture();
    const unknown = await fx.kc.fetch(`${fx.realm.backendUrl}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: `RESTEASY003210: Could not find resource for full path: ${fx.realm.backendUrl}/nope`,
    });
    expect(
      (await fx.kc.fetch('http://keycloak.test/realms/ghost/protocol/openid-connect/certs')).status,
    ).toBe(404);
    expect(
      (await fx.kc.fetch('http://keycloak.test/auth/realms/acme/protocol/openid-connect/certs'))
        .status,
    ).toBe(404);
    expect((await fx.kc.fetch(fx.realm.jwksUri, { method: 'POST' })).status).toBe(405);
    expect((await fx.kc.fetch(fx.realm.introspectionEndpoint, { method: 'GET' })).status).toBe(405);
  });

  it('refuses other origins like a closed port', async () => {
    const fx = await fixture({ frontendUrl: 'https://sso.example.com' });
    const error = await fx.kc
      .fetch('https://sso.example.com/realms/acme/.well-known/openid-configuration')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code: string }).code).toBe('ECONNREFUSED');
  });

  it('serves several realms on one host', async () => {
    const fx = await fixture();
    const other = await fx.kc.createRealm({ name: 'other' });
    expect(fx.kc.realm('other')).toBe(other);
    const res = await fx.kc.fetch(other.jwksUri);
    const { keys } = (await res.json()) as { keys: Array<{ kid: string }> };
    expect(keys.map((k) => k.kid)).not.toContain(fx.realm.keys.list()[0]!.kid);
    await expect(fx.kc.createRealm({ name: 'other' })).rejects.toThrow(/exists/);
    expect(() => fx.kc.realm('ghost')).toThrow();
  });
});
