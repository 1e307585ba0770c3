import { CompactSign, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadKeyFixture, type KeyFixtureName } from '@realmguard/test-fixtures';
import { decodeBase64url, nodeSignatureCheck } from '../src/node-crypto.js';

const encoder = new TextEncoder();

/** Signs `data` with jose (the reference), and returns what the Node check is given. */
async function signed(name: KeyFixtureName, alg: string) {
  const { privateJwk, publicJwk } = loadKeyFixture(name);
  const key = await importJWK(privateJwk as JWK, alg);
  const jws = await new CompactSign(encoder.encode('{"sub":"1"}'))
    .setProtectedHeader({ alg })
    .sign(key);
  const dot = jws.lastIndexOf('.');
  return {
    publicJwk: publicJwk as JWK,
    data: encoder.encode(jws.slice(0, dot)),
    signature: decodeBase64url!(jws.slice(dot + 1))!,
  };
}

describe('nodeSignatureCheck (the synchronous Node path of signature checks)', () => {
  it.each([
    ['rs256-a', 'RS256'],
    ['rs256-a', 'PS256'],
    ['rs256-a', 'RS512'],
    ['es256', 'ES256'],
    ['ed25519', 'EdDSA'],
  ] as const)('verifies what jose signed with %s as %s, and nothing else', async (name, alg) => {
    const { publicJwk, data, signature } = await signed(name, alg);
    const check = nodeSignatureCheck(publicJwk, alg)!;
    expect(check.verify(data, signature)).toBe(true);
    const tampered = Uint8Array.from(data);
    tampered[0]! ^= 1;
    expect(check.verify(tampered, signature)).toBe(false);
  });

  it('measures an RSA key on the key Node imported', () => {
    const { publicJwk } = loadKeyFixture('rs256-1024-weak');
    expect(nodeSignatureCheck(publicJwk as JWK, 'RS256')?.modulusBits).toBe(1024);
    expect(
      nodeSignatureCheck(loadKeyFixture('rs256-a').publicJwk as JWK, 'RS256')?.modulusBits,
    ).toBe(2048);
  });

  it('never uses a key with private members, and leaves other algorithms to jose', () => {
    const { privateJwk } = loadKeyFixture('rs256-a');
    expect(nodeSignatureCheck(privateJwk as JWK, 'RS256')).toBeUndefined();
    expect(nodeSignatureCheck(loadKeyFixture('rs256-a').publicJwk as JWK, 'HS256')).toBeUndefined();
  });
});

describe('decodeBase64url', () => {
  it('decodes base64url, and refuses a length base64url cannot have', () => {
    expect(new TextDecoder().decode(decodeBase64url!('c2ln'))).toBe('sig');
    expect(decodeBase64url!('abcde')).toBeUndefined();
  });
});
