import { describe, expect, it } from 'vitest';
import { isKeycloakLightweight, lacksRoles, lightweightUnchecked } from '../src/lightweight.js';

describe('Keycloak lightweight access tokens', () => {
  it('lack role claims', () => {
    expect(lacksRoles({ scope: 'openid' })).toBe(true);
    expect(lacksRoles({ realm_access: { roles: [] } })).toBe(false);
    expect(lacksRoles({ resource_access: {} })).toBe(false);
  });

  it('are recognised by the lightweight jti of Keycloak 26.2+, or by having no sub', () => {
    expect(isKeycloakLightweight({ typ: 'Bearer', jti: 'onltcc:4f7a', sub: 'u1' })).toBe(true);
    expect(isKeycloakLightweight({ typ: 'Bearer', jti: '3b1e7c1a-0000' })).toBe(true);
    expect(isKeycloakLightweight({ typ: 'DPoP', jti: 'onltcc:4f7a', sub: 'u1' })).toBe(true);
  });

  it('are not a token with roles, a full token with sub, or a non-Keycloak token', () => {
    expect(isKeycloakLightweight({ typ: 'Bearer', realm_access: { roles: [] } })).toBe(false);
    expect(isKeycloakLightweight({ typ: 'Bearer', jti: 'onrtcc:4f7a', sub: 'u1' })).toBe(false);
    expect(isKeycloakLightweight({ jti: 'onltcc:4f7a' })).toBe(false);
    expect(isKeycloakLightweight({ typ: 'ID' })).toBe(false);
  });

  it('get a 403 lightweight_token naming the client and the fix', () => {
    const unconfigured = lightweightUnchecked('orders-web', false);
    expect(unconfigured).toMatchObject({ status: 403, code: 'lightweight_token' });
    expect(unconfigured.hint).toContain('Configure the introspection option');
    expect(unconfigured.hint).toContain('the client "orders-web"');
    const withoutUse = lightweightUnchecked(undefined, true);
    expect(withoutUse.hint).toContain('Add "lightweight" to introspection.use');
    expect(withoutUse.hint).toContain('for the client (Clients');
  });
});
