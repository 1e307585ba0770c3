import { createPublicKey, verify } from 'node:crypto';

/**
 * The physical limit as a middleware: one RS256 `crypto.verify` with a KeyObject made once, and
 * nothing else (no claim checks). `check(authorization)` is true for a valid signature.
 */
export async function rawCheck(jwksUri) {
  const { keys } = await (await fetch(jwksUri)).json();
  const key = createPublicKey({ key: keys.find((k) => k.use === 'sig'), format: 'jwk' });
  return (authorization) => {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return false;
    const dot = authorization.lastIndexOf('.');
    const data = Buffer.from(authorization.slice(7, dot));
    return verify('sha256', data, key, Buffer.from(authorization.slice(dot + 1), 'base64url'));
  };
}
