/**
 * The test Keycloak server: realms, the in-process `fetch`, and the request dispatcher that
 * `listen()` puts behind a real port.
 *
 * @module
 */
import { hang, notFound, json, refused } from './http.js';
import { traits } from './profile.js';
import type { Profile, ProfileTraits } from './profile.js';
import { TestRealm } from './realm.js';
import type { RealmHost } from './realm.js';
import type { RealmModel } from './model.js';

/**
 * Options of {@link createTestKeycloak}.
 *
 * @example
 * ```ts
 * createTestKeycloak({ contextPath: '/auth', profile: 'kc22', now: () => clock });
 * ```
 */
export interface TestKeycloakOptions {
  /** Backend base URL; default `http://keycloak.test`. `listen()` replaces it with the real URL. */
  baseUrl?: string;
  /** Legacy `/auth` context path; default `''`. */
  contextPath?: '' | '/auth';
  /** Issuer base when it differs from the backend base (Keycloak hostname / frontend URL). */
  frontendUrl?: string;
  /** Keycloak version profile; default `kc26_2`. */
  profile?: Profile;
  /** Clock in epoch ms for every `iat`/`exp`; default `Date.now`. */
  now?: () => number;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * A Keycloak-shaped test server. Create with {@link createTestKeycloak}.
 *
 * @example
 * ```ts
 * const kc = createTestKeycloak();
 * const realm = await kc.createRealm();
 * const res = await kc.fetch(realm.jwksUri);
 * ```
 */
export class TestKeycloak {
  /** Context path, `''` or `/auth`. */
  readonly contextPath: '' | '/auth';
  /** Version profile. */
  readonly profile: Profile;
  readonly #realms = new Map<string, TestRealm>();
  readonly #now: () => number;
  readonly #frontendUrl: string | undefined;
  readonly #traits: ProfileTraits;
  #baseUrl: string;

  constructor(options: TestKeycloakOptions = {}) {
    this.#baseUrl = trimSlash(options.baseUrl ?? 'http://keycloak.test');
    this.contextPath = options.contextPath ?? '';
    this.#frontendUrl =
      options.frontendUrl === undefined ? undefined : trimSlash(options.frontendUrl);
    this.profile = options.profile ?? 'kc26_2';
    this.#traits = traits(this.profile);
    this.#now = options.now ?? (() => Date.now());
  }

  /** Backend base URL (no trailing slash). */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** Issuer base URL: `frontendUrl`, else `baseUrl`. */
  get frontendUrl(): string {
    return this.#frontendUrl ?? this.#baseUrl;
  }

  /**
   * Replaces the backend base URL (`listen()` does this).
   *
   * @example
   * ```ts
   * kc.setBaseUrl('http://127.0.0.1:8080');
   * ```
   */
  setBaseUrl(url: string): void {
    this.#baseUrl = trimSlash(url);
  }

  /** The clock, epoch ms. */
  now(): number {
    return this.#now();
  }

  /**
   * Creates a realm (keys are generated with Web Crypto unless `model.keys` is given).
   *
   * @example
   * ```ts
   * const acme = await kc.createRealm();
   * const other = await kc.createRealm({ name: 'other' });
   * ```
   */
  async createRealm(model: RealmModel = {}): Promise<TestRealm> {
    const name = model.name ?? 'acme';
    if (this.#realms.has(name)) throw new Error(`realm ${name} already exists`);
    const host: RealmHost = {
      backendRoot: () => `${this.baseUrl}${this.contextPath}`,
      frontendRoot: () => `${this.frontendUrl}${this.contextPath}`,
      traits: () => this.#traits,
      now: () => this.#now(),
    };
    const realm = await TestRealm.create(host, model);
    this.#realms.set(name, realm);
    return realm;
  }

  /**
   * A realm by name.
   *
   * @example
   * ```ts
   * kc.realm('acme').issuer;
   * ```
   */
  realm(name: string): TestRealm {
    const realm = this.#realms.get(name);
    if (!realm) throw new Error(`no realm ${name}`);
    return realm;
  }

  /**
   * Serves one request. Rejects like `fetch` does for a refused connection (other origins, the
   * `refuse` fault) and never settles for `hang` until `request.signal` aborts.
   *
   * @example
   * ```ts
   * const res = await kc.handle(new Request(realm.discoveryUrl));
   * ```
   */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const base = new URL(this.baseUrl);
    if (url.origin !== base.origin) throw refused(url.host);
    if (request.signal.aborted) throw request.signal.reason as Error;
    const prefix = `${trimSlash(base.pathname)}${this.contextPath}/realms/`;
    if (!url.pathname.startsWith(prefix)) return notFound(url);
    const rest = url.pathname.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const realm = this.#realms.get(name);
    if (!realm) return json({ error: 'Realm does not exist' }, 404);
    const response = realm.serve(request, url, slash < 0 ? '' : rest.slice(slash));
    // Abort wins over a pending answer, as with a real fetch.
    return Promise.race([response, hang(request.signal)]);
  }

  /**
   * An in-process `fetch`: serves every URL under the backend base without a port; other origins
   * reject with `TypeError('fetch failed')` as a refused connection would.
   *
   * @example
   * ```ts
   * const jwks = createRemoteJWKSet(new URL(realm.jwksUri), { [customFetch]: kc.fetch });
   * ```
   */
  readonly fetch: typeof fetch = async (input, init) => this.handle(new Request(input, init));
}

/**
 * Creates a Keycloak-shaped test server.
 *
 * @example
 * ```ts
 * const kc = createTestKeycloak({ profile: 'kc25' });
 * const realm = await kc.createRealm();
 * ```
 */
export function createTestKeycloak(options?: TestKeycloakOptions): TestKeycloak {
  return new TestKeycloak(options);
}
