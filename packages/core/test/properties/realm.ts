/**
 * The realm the property suites run against: the test realm over real HTTP on 127.0.0.1, with
 * the committed static keys (so that the suites hold the private keys and can sign any bytes),
 * and a manual clock shared with the verifiers under test.
 *
 * @example
 * ```ts
 * const pr = await startPropertyRealm();
 * const token = await pr.sign(headerText, payloadText);
 * ```
 */
import { createTestKeycloak, type TestKeycloak, type TestRealm } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { base64url, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { loadKeyFixture, staticKey, staticRealmKeys } from '@realmguard/test-fixtures';
import { manualClock, type ManualClock } from '../helpers.js';

/**
 * Key options for verifiers on the suites' manual clock, which never advances: with a refetch
 * cooldown, a token with an unknown kid would wait (in real time) for the next allowed refetch.
 * The suites judge answers, not IdP traffic, so every unknown kid refetches at once.
 */
export const REFETCH_AT_ONCE = { cooldown: 0 };

/** Secrets no output may contain: the realm's client secrets, filled in when a realm starts. */
export const REALM_SECRETS: string[] = [];

export interface PropertyRealm {
  kc: TestKeycloak;
  realm: TestRealm;
  clock: ManualClock;
  issuer: string;
  /** Kids of the realm's RS256 and ES256 signing keys and of its RSA-OAEP encryption key. */
  kids: { rs: string; es: string; enc: string };
  /** Introspection credentials of the resource server `orders-api`. */
  client: { clientId: string; clientSecret: string };
  /** Signs exact header and payload text: RS256 with the realm key, or `ES256`, or `attacker`. */
  sign(
    headerText: string,
    payloadText: string,
    key?: 'RS256' | 'ES256' | 'attacker',
  ): Promise<string>;
  /**
   * A `fetch` for verifiers that answers discovery and JWKS from copies taken at start (no HTTP
   * round trip), except the documents named in `live`; every other request goes over HTTP.
   */
  fetch(live?: readonly ('discovery' | 'certs')[]): typeof fetch;
  /** Header and payload text of a fresh, valid access token (alice or bob, orders-web-mapped). */
  validParts(user?: 'alice' | 'bob'): Promise<{ header: string; payload: string; token: string }>;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function signingKey(name: 'rs256-a' | 'es256' | 'rs256-b'): Promise<CryptoKey> {
  const { privateJwk, alg } = loadKeyFixture(name);
  const key = await importJWK(privateJwk as JWK, alg === 'ES256' ? 'ES256' : 'RS256');
  if (key instanceof Uint8Array) throw new TypeError('expected a private CryptoKey');
  return key;
}

/**
 * Compact JWS over exact header bytes. jose serializes JOSE headers itself (its `CompactSign`
 * takes the payload as bytes but the header as an object), so a header with a repeated member
 * or an escaped name is signed here with Web Crypto; encoding uses jose's base64url.
 */
async function signRaw(
  headerText: string,
  payloadText: string,
  key: CryptoKey,
  alg: 'RS256' | 'ES256',
): Promise<string> {
  const input = `${base64url.encode(headerText)}.${base64url.encode(payloadText)}`;
  const params =
    alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const signature = await crypto.subtle.sign(params, key, encoder.encode(input));
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

/** Starts the realm (keys: RS256 active, RSA-OAEP, ES256) and its HTTP server. */
export async function startPropertyRealm(): Promise<PropertyRealm> {
  const clock = manualClock();
  const kc = createTestKeycloak({ now: clock.now });
  const server = await listen(kc);
  const realm = await kc.createRealm({
    keys: [...staticRealmKeys(), staticKey('es256', { createdAt: 1_700_000_000_000 })],
  });
  const list = realm.keys.list();
  const kidOf = (alg: string) => list.find((k) => k.alg === alg)!.kid;
  const clientSecret = realm.client('orders-api').secret ?? '';
  for (const client of realm.model.clients) if (client.secret) REALM_SECRETS.push(client.secret);
  const keys = {
    RS256: await signingKey('rs256-a'),
    ES256: await signingKey('es256'),
    attacker: await signingKey('rs256-b'),
  };
  const copies = new Map<string, { kind: 'discovery' | 'certs'; text: string }>();
  for (const [url, kind] of [
    [realm.discoveryUrl, 'discovery'],
    [realm.jwksUri, 'certs'],
  ] as const) {
    copies.set(url, { kind, text: await (await fetch(url)).text() });
  }
  realm.counters.reset();
  return {
    kc,
    realm,
    fetch:
      (live = []) =>
      async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        const copy = copies.get(url);
        if (copy && !live.includes(copy.kind)) {
          return new Response(copy.text, { headers: { 'content-type': 'application/json' } });
        }
        return fetch(input, init);
      },
    clock,
    issuer: realm.issuer,
    kids: { rs: kidOf('RS256'), es: kidOf('ES256'), enc: kidOf('RSA-OAEP') },
    client: { clientId: 'orders-api', clientSecret },
    sign: (header, payload, key = 'RS256') =>
      signRaw(header, payload, keys[key], key === 'ES256' ? 'ES256' : 'RS256'),
    async validParts(user = 'alice') {
      const token = await realm.accessToken({ user, client: 'orders-web-mapped' });
      const [h, p] = token.split('.');
      decodeProtectedHeader(token); // a sanity check: the realm mints well-formed tokens
      return {
        header: decoder.decode(base64url.decode(h!)),
        payload: decoder.decode(base64url.decode(p!)),
        token,
      };
    },
    close: () => server.close(),
  };
}
