/**
 * A test realm: its model, keys, minting, adversarial tokens, faults and counters.
 *
 * @module
 */
import type { JWK } from 'jose';
import { Adversarial } from './adversarial.js';
import { Backchannel } from './backchannel.js';
import type { BackchannelDelivery, PushNotBeforeOptions } from './backchannel.js';
import type { DiscoveryInput } from './discovery.js';
import { createDpopProof, type DpopKey, type DpopProofOptions } from './dpop.js';
import { randomBytes, uuid } from './encoding.js';
import { Counters, FaultRegistry } from './faults.js';
import type { RealmCounters, RealmFaults } from './faults.js';
import { findRoute, serveRoute } from './routes.js';
import type { RealmRuntime } from './routes.js';
import { signCompact } from './jws.js';
import type { JwsAlg, SignKey } from './jws.js';
import { KeyStore } from './keys.js';
import type { RealmKeys } from './keys.js';
import { resolveRealm } from './model.js';
import { revokeToken } from './revocation.js';
import { SessionStore } from './sessions.js';
import type { RealmSessions } from './sessions.js';
import type { RealmModel, ResolvedClient, ResolvedRealm, ResolvedUser } from './model.js';
import type { ProfileTraits } from './profile.js';
import { Minter } from './tokens.js';
import type {
  AccessTokenOptions,
  IdTokenOptions,
  LogoutTokenOptions,
  RefreshTokenOptions,
  ServiceAccountTokenOptions,
} from './tokens.js';

/** What a realm needs from its server. */
export interface RealmHost {
  /** Backend base + context path, e.g. `http://keycloak.test/auth`. */
  backendRoot(): string;
  /** Frontend base + context path (the issuer's root). */
  frontendRoot(): string;
  traits(): ProfileTraits;
  now(): number;
}

/**
 * One realm of a {@link TestKeycloak}. Create with `kc.createRealm()`.
 *
 * @example
 * ```ts
 * const realm = await kc.createRealm();
 * const token = await realm.accessToken({ user: 'alice' });
 * ```
 */
export class TestRealm implements RealmRuntime {
  /** The resolved realm model (users, clients, scopes, lifetimes). */
  readonly model: ResolvedRealm;
  /** Key management (§1.2). */
  readonly keys: RealmKeys;
  /** Fault injection per endpoint. */
  readonly faults: FaultRegistry & RealmFaults;
  /** Request counters per endpoint. */
  readonly counters: Counters & RealmCounters;
  /** Adversarial and edge tokens (§1.10 C). */
  readonly adversarial: Adversarial;
  /** User sessions and the tokens minted into them: logout, revocation state. */
  readonly sessions: SessionStore & RealmSessions;
  /** Back-channel logout and not-before pushes sent to the clients' URLs, and their outcome. */
  readonly backchannel: Backchannel;
  /** @internal */
  readonly minter: Minter;
  readonly #store: KeyStore;
  readonly #hmac: { kid: string; secret: Uint8Array<ArrayBuffer> };

  private constructor(
    private readonly host: RealmHost,
    model: ResolvedRealm,
  ) {
    this.model = model;
    this.#store = new KeyStore(model.name, () => host.now(), model.jwksOrder === 'enc-first');
    this.keys = this.#store;
    this.faults = new FaultRegistry();
    this.counters = new Counters();
    this.#hmac = { kid: uuid(), secret: randomBytes(64) };
    this.sessions = new SessionStore();
    this.minter = new Minter({
      sessions: this.sessions,
      model,
      keys: this.#store,
      hmac: this.#hmac,
      issuer: () => this.issuer,
      traits: () => host.traits(),
      now: () => host.now(),
    });
    this.adversarial = new Adversarial(this.minter, this.#store);
    this.backchannel = new Backchannel(
      this.minter,
      () => model.clients,
      () => host.now(),
    );
    this.sessions.onEnded = (session) => this.backchannel.sessionEnded(session);
  }

  /** @internal Use `kc.createRealm()`. */
  static async create(host: RealmHost, input: RealmModel = {}): Promise<TestRealm> {
    const realm = new TestRealm(host, resolveRealm(input));
    if (input.keys) {
      for (const key of input.keys) await realm.#store.addStatic(key);
    } else {
      // One after the other: list() order must not depend on which key generates first.
      await realm.#store.add({ alg: 'RS256' });
      await realm.#store.add({ alg: 'RSA-OAEP' });
    }
    return realm;
  }

  /** Realm name. */
  get name(): string {
    return this.model.name;
  }

  /** `{frontendUrl or baseUrl}{contextPath}/realms/{name}`, no trailing slash. */
  get issuer(): string {
    return `${this.host.frontendRoot()}/realms/${encodeURIComponent(this.name)}`;
  }

  /** Backend realm root, `{baseUrl}{contextPath}/realms/{name}`. */
  get backendUrl(): string {
    return `${this.host.backendRoot()}/realms/${encodeURIComponent(this.name)}`;
  }

  /** `…/.well-known/openid-configuration` on the backend base. */
  get discoveryUrl(): string {
    return `${this.backendUrl}/.well-known/openid-configuration`;
  }

  /** `…/protocol/openid-connect/certs`. */
  get jwksUri(): string {
    return `${this.backendUrl}/protocol/openid-connect/certs`;
  }

  /** `…/protocol/openid-connect/token`. */
  get tokenEndpoint(): string {
    return `${this.backendUrl}/protocol/openid-connect/token`;
  }

  /** `…/protocol/openid-connect/token/introspect`. */
  get introspectionEndpoint(): string {
    return `${this.backendUrl}/protocol/openid-connect/token/introspect`;
  }

  /** `…/protocol/openid-connect/revoke` (RFC 7009). */
  get revocationEndpoint(): string {
    return `${this.backendUrl}/protocol/openid-connect/revoke`;
  }

  /** `…/protocol/openid-connect/userinfo`. */
  get userinfoEndpoint(): string {
    return `${this.backendUrl}/protocol/openid-connect/userinfo`;
  }

  /**
   * A user of the model, by username.
   *
   * @example
   * ```ts
   * expect(claims.sub).toBe(realm.user('alice').id);
   * ```
   */
  user(username: string): ResolvedUser {
    return this.minter.user(username);
  }

  /**
   * A client of the model, by client id.
   *
   * @example
   * ```ts
   * realm.client('billing-worker').serviceAccount.id;
   * ```
   */
  client(clientId: string): ResolvedClient {
    return this.minter.client(clientId);
  }

  /**
   * A user access token (authorization-code shaped).
   *
   * @example
   * ```ts
   * const token = await realm.accessToken({ user: 'bob', scope: 'openid' });
   * ```
   */
  accessToken(opts?: AccessTokenOptions): Promise<string> {
    return this.minter.accessToken(opts);
  }

  /**
   * An opaque access token: 43 base64url characters (32 random bytes) bound server-side to the
   * claims the equivalent JWT access token would carry. Introspection answers for it like for a
   * JWT; userinfo (which parses JWTs only in Keycloak) rejects it.
   *
   * @example
   * ```ts
   * const opaque = await realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
   * ```
   */
  opaqueToken(opts?: AccessTokenOptions): Promise<string> {
    return Promise.resolve().then(() => this.minter.opaqueToken(opts));
  }

  /**
   * Revokes a token as `POST /revoke` would: an access token (or opaque handle) by its `jti`,
   * a refresh/offline token by ending its session. Introspection then answers
   * `{"active":false}` and userinfo 401.
   *
   * @example
   * ```ts
   * realm.revoke(token);
   * ```
   */
  revoke(token: string): void {
    revokeToken(this.sessions, token);
  }

  /**
   * Keycloak's "Push" of a not-before time (Realm settings → Sessions → Revocation): every client
   * with an Admin URL gets a signed `PUSH_NOT_BEFORE` action at `{adminUrl}/k_push_not_before`,
   * after which tokens issued before `notBefore` (default now) must be rejected.
   *
   * @example
   * ```ts
   * realm.client('orders-api').adminUrl = apiUrl;
   * const [delivery] = await realm.pushNotBefore();
   * expect(delivery.status).toBe(204);
   * ```
   */
  pushNotBefore(options?: PushNotBeforeOptions): Promise<BackchannelDelivery[]> {
    return this.backchannel.push(options);
  }

  /**
   * Enables or disables a user (same as `realm.user(name).enabled = …`). Disabled users' tokens
   * introspect inactive, userinfo answers 401 `User disabled`, the password grant fails.
   *
   * @example
   * ```ts
   * realm.setUserEnabled('bob', false);
   * ```
   */
  setUserEnabled(username: string, enabled: boolean): void {
    this.user(username).enabled = enabled;
  }

  /**
   * Enables or disables a client. Its tokens introspect inactive, it can no longer authenticate,
   * and Audience Resolve skips it.
   *
   * @example
   * ```ts
   * realm.setClientEnabled('orders-web', false);
   * ```
   */
  setClientEnabled(clientId: string, enabled: boolean): void {
    this.client(clientId).enabled = enabled;
  }

  /**
   * A client_credentials (service-account) access token.
   *
   * @example
   * ```ts
   * const token = await realm.serviceAccountToken({ client: 'billing-worker' });
   * ```
   */
  serviceAccountToken(opts: ServiceAccountTokenOptions): Promise<string> {
    return this.minter.serviceAccountToken(opts);
  }

  /**
   * An ID token (`typ: ID`, `aud` = client id, no roles).
   *
   * @example
   * ```ts
   * const idToken = await realm.idToken({ user: 'alice', nonce: 'n-1' });
   * ```
   */
  idToken(opts?: IdTokenOptions): Promise<string> {
    return this.minter.idToken(opts);
  }

  /**
   * A refresh (or offline) token: HS512 (HS256 on kc22) with the unpublished realm secret.
   *
   * @example
   * ```ts
   * const offline = await realm.refreshToken({ offline: true });
   * ```
   */
  refreshToken(opts?: RefreshTokenOptions): Promise<string> {
    return this.minter.refreshToken(opts);
  }

  /**
   * A back-channel logout token (header `typ: logout+jwt`, `exp = iat + 120`).
   *
   * @example
   * ```ts
   * const logout = await realm.logoutToken({ user: 'alice', client: 'orders-web' });
   * ```
   */
  logoutToken(opts?: LogoutTokenOptions): Promise<string> {
    return this.minter.logoutToken(opts);
  }

  /**
   * Low-level signing of exact header/payload (objects are `JSON.stringify`-ed, strings are used
   * byte for byte). The header's `alg` picks the key: the active key for that alg, or `opts.kid`;
   * `HS256`/`HS512` use the realm HMAC secret, `none` gives an empty signature.
   *
   * @example
   * ```ts
   * await realm.sign('{"alg":"RS256","typ" : "JWT"}', { sub: 'x', exp: 2_000_000_000 });
   * ```
   */
  async sign(
    header: Record<string, unknown> | string,
    payload: Record<string, unknown> | string,
    opts: { kid?: string } = {},
  ): Promise<string> {
    const headerText = typeof header === 'string' ? header : JSON.stringify(header);
    const payloadText = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const parsed = JSON.parse(headerText) as { alg?: unknown };
    const alg = (typeof parsed.alg === 'string' ? parsed.alg : 'RS256') as JwsAlg;
    let key: SignKey;
    if (alg === 'none') key = null;
    else if (alg === 'HS256' || alg === 'HS512') key = this.#hmac.secret;
    else key = this.minter.signer(alg, opts.kid).key;
    return signCompact(headerText, payloadText, alg, key);
  }

  /**
   * A DPoP proof (RFC 9449) signed with `key`, its `iat` from the realm's clock: what a client
   * sends with a DPoP-bound token (`accessToken` adds `ath`), or to the token endpoint.
   *
   * @example
   * ```ts
   * const key = await generateDpopKey();
   * const token = await realm.accessToken({ user: 'alice', dpopJkt: key.jkt });
   * const proof = await realm.dpopProof(key, { method: 'GET', url: apiUrl, accessToken: token });
   * ```
   */
  dpopProof(key: DpopKey, options: Omit<DpopProofOptions, 'now'>): Promise<string> {
    return createDpopProof(key, { now: () => this.host.now(), ...options });
  }

  /** @internal Serves a request whose path is below this realm's root. */
  serve(request: Request, url: URL, subPath: string): Promise<Response> {
    const route = findRoute(subPath, url);
    if (route instanceof Response) return Promise.resolve(route);
    return serveRoute(this, route, request);
  }

  /** @internal */
  discoveryInput(): DiscoveryInput {
    return {
      frontend: this.issuer,
      backend: this.backendUrl,
      scopes: this.model.clientScopes.map((s) => s.name),
    };
  }

  /** @internal The certs body. */
  jwks(): { keys: JWK[] } {
    return this.#store.jwks();
  }

  /** @internal */
  traits(): ProfileTraits {
    return this.host.traits();
  }

  /** @internal The kc clock, epoch ms. */
  now(): number {
    return this.host.now();
  }

  /** @internal The unpublished HMAC secret (refresh-token verification). */
  hmacSecret(): Uint8Array<ArrayBuffer> {
    return this.#hmac.secret;
  }

  /** @internal The HMAC key id (never published); useful to assert refresh-token headers. */
  get hmacKid(): string {
    return this.#hmac.kid;
  }
}
