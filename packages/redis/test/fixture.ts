import {
  AuthError,
  createVerifier,
  handleBackchannelLogout,
  type Principal,
  type Verifier,
  type VerifierEvent,
  type VerifierOptions,
} from '@realmguard/core';
import { createTestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { expect } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';

/** A test realm over HTTP and verifiers that each have their own Redis connections. */
export interface Fleet {
  realm: TestRealm;
  /** A verifier with a store of its own on `url` (as a separate instance would have). */
  instance(url: string, options?: Partial<VerifierOptions>): Instance;
  close(): Promise<void>;
}

export interface Instance {
  verifier: Verifier;
  store: RedisStore;
  events: VerifierEvent[];
}

export async function startFleet(): Promise<Fleet> {
  const kc = createTestKeycloak();
  const server = await listen(kc);
  const realm = await kc.createRealm();
  const stores: RedisStore[] = [];
  return {
    realm,
    instance(url, options = {}) {
      const store = createRedisStore({ url }, { keyPrefix: 'fleet:' });
      stores.push(store);
      const events: VerifierEvent[] = [];
      const verifier = createVerifier({
        issuer: realm.issuer,
        audience: 'orders-api',
        acceptAuthorizedParty: true,
        store,
        onEvent: (event) => events.push(event),
        ...options,
      });
      return { verifier, store, events };
    },
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      await server.close();
    },
  };
}

/** Posts a Keycloak logout token for `sid` to an instance's receiver; expects 200. */
export async function logout(realm: TestRealm, instance: Instance, sid: string): Promise<number> {
  const token = await realm.logoutToken({ user: 'alice', client: 'orders-web', sid });
  const started = Date.now();
  const answer = await handleBackchannelLogout(
    instance.verifier,
    { clientId: 'orders-web' },
    { logout_token: token },
  );
  expect(answer.status).toBe(200);
  return Date.now() - started;
}

/** Verifies a token and returns what happened and how long it took (never throws). */
export async function outcome(
  verifier: Verifier,
  token: string,
): Promise<{ result: string; status: number; ms: number }> {
  const started = Date.now();
  try {
    const principal: Principal = await verifier.verify(token);
    void principal;
    return { result: 'ok', status: 200, ms: Date.now() - started };
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    return { result: error.code, status: error.status, ms: Date.now() - started };
  }
}
