import { createTestKeycloak, type TestKeycloak, type TestRealm } from '@realmguard/testing';
import { expect, vi } from 'vitest';
import { listen } from '@realmguard/testing/node';
import { LEAK_SENTINEL, scanForLeak } from '@realmguard/test-fixtures/leak-sentinel';
import {
  AuthError,
  createVerifier,
  type Verifier,
  type VerifierEvent,
  type VerifierOptions,
} from '../src/index.js';

/** A clock shared by the test realm and the verifier under test. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 10, 28, 12, 0, 0)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => void (current += ms),
    set: (ms) => void (current = ms),
  };
}

/**
 * The client secret of `orders-api` and `billing-worker` in {@link startRealm}'s realm: the leak
 * sentinel, which no response, event or log may contain (test-fixtures/no-leak-setup.ts).
 */
export const CLIENT_SECRET = LEAK_SENTINEL;

/** A Keycloak-shaped realm served over real HTTP on 127.0.0.1, plus verifiers pointed at it. */
export interface RealmFixture {
  kc: TestKeycloak;
  realm: TestRealm;
  clock: ManualClock;
  url: string;
  events: VerifierEvent[];
  verifier(options?: Partial<VerifierOptions>): Verifier;
  close(): Promise<void>;
}

export async function startRealm(
  options: {
    contextPath?: '' | '/auth';
    profile?: 'kc22' | 'kc24' | 'kc25' | 'kc26_2' | 'kc26_6_2';
  } = {},
): Promise<RealmFixture> {
  const clock = manualClock();
  const kc = createTestKeycloak({ now: clock.now, ...options });
  const realm = await kc.createRealm();
  realm.client('orders-api').secret = CLIENT_SECRET;
  realm.client('billing-worker').secret = CLIENT_SECRET;
  const server = await listen(kc);
  const events: VerifierEvent[] = [];
  return {
    kc,
    realm,
    clock,
    url: server.url,
    events,
    verifier: (overrides = {}) =>
      createVerifier({
        issuer: realm.issuer,
        audience: 'orders-api',
        clockTolerance: 0,
        now: clock.now,
        onEvent: (event) => {
          scanForLeak(`${event.type} event`, event);
          events.push(event);
        },
        ...overrides,
      }),
    close: () => server.close(),
  };
}

/** The AuthError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const outcome = await promise.then(
    () => new Error('expected a rejection, but it resolved'),
    (reason: unknown) => reason,
  );
  if (!(outcome instanceof AuthError)) throw outcome;
  return outcome;
}

/** Headers with a bearer token, as Node gives them. */
export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** The kid of the realm's active RS256 signing key. */
export function activeKid(realm: TestRealm): string {
  return realm.keys
    .list()
    .find((k) => k.status === 'active' && k.use === 'sig' && k.alg === 'RS256')!.kid;
}

/**
 * Rotates the realm key, deletes the old one, lets the verifier's key set (max age 60 s) go
 * stale, and waits until its background refresh has dropped the old kid. Returns that kid.
 */
export async function dropActiveKey(fx: RealmFixture, verifier: Verifier): Promise<string> {
  const oldKid = activeKid(fx.realm);
  await fx.realm.keys.rotate();
  fx.realm.keys.remove(oldKid);
  fx.clock.advance(61_000);
  // This request is answered from the (stale) key set while the refresh runs.
  await verifier
    .verify(await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' }))
    .catch(() => undefined);
  await vi.waitFor(() =>
    expect(fx.events.some((e) => e.type === 'keys_refreshed' && e.dropped.includes(oldKid))).toBe(
      true,
    ),
  );
  return oldKid;
}
