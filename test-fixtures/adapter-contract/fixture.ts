/**
 * The identity provider of the contract: the demo realm `acme` of `@realmguard/testing`, served
 * over real HTTP, with a fixed clock shared by the realm and every verifier (so that answers
 * such as `Retry-After` are the same for every adapter).
 *
 * @example
 * ```ts
 * const fx = await startContractRealm();
 * const server = await makeServer({ verifierOptions: fx.verifierOptions() });
 * ```
 */
import { createTestKeycloak, type TestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import type { VerifierOptions } from '@realmguard/core';
import { LEAK_SENTINEL, scanForLeak } from '../leak-sentinel.js';

/** A running contract realm. */
export interface ContractRealm {
  kc: TestKeycloak;
  realm: TestRealm;
  /** Tokens verified (cache hits included) by every verifier built from `verifierOptions()`. */
  verifications: { count: number };
  /** Options of a fresh verifier for this realm (audience `orders-api`). */
  verifierOptions(): VerifierOptions;
  close(): Promise<void>;
}

/** 2026-11-28T12:00:00Z: tokens are minted and checked at this instant. */
export const CONTRACT_TIME = Date.UTC(2026, 10, 28, 12, 0, 0);

/** Starts the realm over HTTP on 127.0.0.1. */
export async function startContractRealm(): Promise<ContractRealm> {
  const now = () => CONTRACT_TIME;
  const kc = createTestKeycloak({ now });
  const server = await listen(kc);
  const realm = await kc.createRealm();
  const verifications = { count: 0 };
  return {
    kc,
    realm,
    verifications,
    verifierOptions: () => ({
      issuer: realm.issuer,
      audience: 'orders-api',
      now,
      // A secret no response or log may show (../no-leak-setup.ts); HS* stay off, as by default.
      secret: LEAK_SENTINEL,
      onEvent(event) {
        scanForLeak(`${event.type} event`, event);
        if (event.type === 'cache_hit' || event.type === 'cache_miss') verifications.count += 1;
      },
    }),
    close: () => server.close(),
  };
}
