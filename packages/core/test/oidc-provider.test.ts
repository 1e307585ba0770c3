import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INTROSPECTION_CLIENT,
  startOidcProvider,
  type RunningOidcProvider,
} from '@realmguard/test-fixtures/oidc-provider';
import { AuthError, createVerifier } from '../src/index.js';

// An independent OpenID Provider, not our Keycloak-shaped realm: the verifier must need nothing
// Keycloak-specific to accept its RFC 9068 JWT access tokens.
let op: RunningOidcProvider;
beforeAll(async () => {
  op = await startOidcProvider();
});
afterAll(() => op.close());

describe('oidc-provider as an independent OpenID Provider', () => {
  it('verifies its client_credentials JWT access token end to end over HTTP', async () => {
    const token = await op.clientCredentialsToken();
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
    const verifier = createVerifier({ issuer: op.issuer, audience: op.audience });
    const principal = await verifier.verify(token);
    expect(principal.issuer).toBe(op.issuer);
    expect(principal.audience).toEqual([op.audience]);
    expect(principal.hasScope('orders:read')).toBe(true);
    expect(principal.claims.client_id).toBe('billing-worker');
    expect(principal.username).toBe('billing-worker');
  });

  it('rejects its token for another audience', async () => {
    const token = await op.clientCredentialsToken();
    const verifier = createVerifier({ issuer: op.issuer, audience: 'billing-api' });
    await expect(verifier.verify(token)).rejects.toMatchObject({
      code: 'audience_mismatch',
      status: 401,
    });
  });

  it('rejects its token when only another issuer is trusted, without contacting either', async () => {
    const token = await op.clientCredentialsToken();
    let calls = 0;
    const verifier = createVerifier({
      issuer: 'https://sso.example.com/realms/acme',
      audience: op.audience,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('untrusted_issuer');
    expect(calls).toBe(0);
  });
});

describe('oidc-provider with opaque access tokens', () => {
  let opaque: RunningOidcProvider;
  beforeAll(async () => {
    opaque = await startOidcProvider({ opaque: true });
  });
  afterAll(() => opaque.close());

  const verifier = () =>
    createVerifier({
      issuer: opaque.issuer,
      audience: opaque.audience,
      introspection: INTROSPECTION_CLIENT,
    });

  it('introspects its opaque access token end to end over HTTP', async () => {
    const token = await opaque.clientCredentialsToken();
    expect(token.split('.')).toHaveLength(1);
    const principal = await verifier().verify(token);
    expect(principal.source).toBe('introspection');
    expect(principal.issuer).toBe(opaque.issuer);
    expect(principal.hasScope('orders:read')).toBe(true);
    expect(principal.claims.client_id).toBe('billing-worker');
  });

  it('rejects a made-up opaque token as inactive', async () => {
    const error = await verifier()
      .verify('x'.repeat(43))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('token_inactive');
  });
});
