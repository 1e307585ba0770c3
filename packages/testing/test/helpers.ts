import { base64url, createLocalJWKSet, jwtVerify } from 'jose';
import type { JWTVerifyResult } from 'jose';
import { staticRealmKeys } from '@realmguard/test-fixtures';
import { createTestKeycloak } from '../src/index.js';
import type { RealmModel, TestKeycloak, TestKeycloakOptions, TestRealm } from '../src/index.js';

/** 2026-11-28T12:00:00Z */
export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

export interface Fixture {
  kc: TestKeycloak;
  realm: TestRealm;
  clock: ManualClock;
}

/** A test Keycloak on a manual clock with a realm that uses the static fixture keys. */
export async function fixture(
  options: TestKeycloakOptions = {},
  model: RealmModel = {},
): Promise<Fixture> {
  const clock = manualClock();
  const kc = createTestKeycloak({ now: clock.now, ...options });
  const realm = await kc.createRealm({ keys: staticRealmKeys(), ...model });
  return { kc, realm, clock };
}

export interface Decoded {
  headerText: string;
  payloadText: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const fromB64url = (part: string): string =>
  new TextDecoder().decode(
    Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
  );

/**
 * The token with one signature byte flipped. Editing base64url text instead can leave the
 * decoded bytes unchanged (the last character carries padding bits), which made such a test flaky.
 */
export function tamperSignature(token: string): string {
  const [h, p, s = ''] = token.split('.');
  const signature = base64url.decode(s);
  signature[0] = (signature[0] ?? 0) ^ 0x01;
  return `${h}.${p}.${base64url.encode(signature)}`;
}

/** Splits a compact JWS into its exact header and payload text. */
export function decode(token: string): Decoded {
  const [h = '', p = ''] = token.split('.');
  const headerText = fromB64url(h);
  const payloadText = fromB64url(p);
  return {
    headerText,
    payloadText,
    header: JSON.parse(headerText) as Record<string, unknown>,
    payload: JSON.parse(payloadText) as Record<string, unknown>,
  };
}

/** jose jwtVerify against exactly what the realm's certs endpoint serves, at the realm clock. */
export function verify(fx: Fixture, token: string, typ?: string): Promise<JWTVerifyResult> {
  return jwtVerify(token, createLocalJWKSet(fx.realm.keys.jwks()), {
    issuer: fx.realm.issuer,
    currentDate: new Date(fx.clock.now()),
    ...(typ ? { typ } : {}),
  });
}

/** `Authorization: Basic` for a client (form-urlencoded id and secret, as RFC 6749 §2.3.1). */
export function basic(id: string, secret: string): Record<string, string> {
  return {
    authorization: `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
  };
}

/** POSTs a form (in-process by default, or with `via` such as global `fetch` over HTTP). */
export function postForm(
  fx: Fixture,
  url: string,
  form: Record<string, string> | URLSearchParams,
  headers: Record<string, string> = {},
  via: typeof fetch = fx.kc.fetch,
): Promise<Response> {
  return via(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form instanceof URLSearchParams ? form : new URLSearchParams(form),
  });
}

/** Introspects a token as `orders-api` (client_secret_basic) unless another client is given. */
export async function introspect(
  fx: Fixture,
  token: string,
  client: [string, string] = ['orders-api', 'orders-api-secret'],
  via: typeof fetch = fx.kc.fetch,
): Promise<Record<string, unknown>> {
  const res = await postForm(fx, fx.realm.introspectionEndpoint, { token }, basic(...client), via);
  if (res.status !== 200) throw new Error(`introspection answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** GETs userinfo with a bearer token. */
export function userinfo(
  fx: Fixture,
  token: string,
  via: typeof fetch = fx.kc.fetch,
): Promise<Response> {
  return via(fx.realm.userinfoEndpoint, { headers: { authorization: `Bearer ${token}` } });
}
