import { ReceiverError } from './receiver-jws.js';
import { StoreUnavailableError, type StoreAccess } from './store-access.js';
import { partsHash } from './token-hash.js';

/**
 * The replay check shared by the two revocation receivers: a logout token's `jti` and a
 * not-before push's `id` are accepted once, across every instance that shares the store.
 */

/**
 * Records `parts` (hashed, under `prefix`) in the store for `ttl` ms, and refuses parts seen
 * before with a 400 saying `used`. When the store cannot answer, the request still applies:
 * applying a revocation twice only revokes again.
 * @throws ReceiverError `used` for a replay.
 *
 * @example
 * ```ts
 * await claimOnce(internals.store, 'push-id', [issuer, id], ttl, 'The not-before push was already used');
 * ```
 */
export async function claimOnce(
  store: StoreAccess,
  prefix: string,
  parts: readonly string[],
  ttl: number,
  used: string,
): Promise<void> {
  try {
    const key = `${prefix}:${await partsHash(parts)}`;
    if (!(await store.setIfAbsent(key, '1', ttl))) throw new ReceiverError(used);
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
  }
}
