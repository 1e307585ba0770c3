/**
 * The `ath` of a proof (RFC 9449 §4.2): base64url(SHA-256(access token)). Where `node:crypto`
 * exists it is one synchronous hash (Web Crypto's `digest` costs a promise and a thread-pool hop
 * per call, as much again as the rest of a proof check); elsewhere Web Crypto. Reached through
 * `process.getBuiltinModule`, so core keeps no `node:` import and edge runtimes take the Web path.
 */
import { runtimeBuiltin } from '../runtime-builtin.js';
import { tokenHash } from '../token-hash.js';

interface NodeHash {
  update(data: string): NodeHash;
  digest(encoding: 'base64url'): string;
}

const createHash = ((): ((algorithm: 'sha256') => NodeHash) | undefined => {
  const mod = runtimeBuiltin<{ createHash?: (algorithm: 'sha256') => NodeHash }>('node:crypto');
  return typeof mod?.createHash === 'function' ? mod.createHash : undefined;
})();

/**
 * base64url(SHA-256(token)), as a proof's `ath` carries it.
 *
 * @example
 * ```ts
 * if (payload.ath !== (await accessTokenHash(token))) throw new DpopProblem('ath');
 * ```
 */
export function accessTokenHash(token: string): string | Promise<string> {
  return createHash ? createHash('sha256').update(token).digest('base64url') : tokenHash(token);
}
