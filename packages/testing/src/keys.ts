/**
 * A realm's key store, modelled on Keycloak's key providers (§1.2): one active key per algorithm
 * signs, passive keys stay published, disabled keys vanish from the certs output, HMAC keys are
 * never published.
 *
 * @module
 */
import type { JWK } from 'jose';
import { generatePrivateJwk, keyMaterial } from './key-material.js';
import type { KeyAlg, SigningAlg } from './key-material.js';

export type { KeyAlg, SigningAlg } from './key-material.js';

/** Keycloak key status. */
export type KeyStatus = 'active' | 'passive' | 'disabled';

/** What `realm.keys.list()` reports for one key. */
export interface KeyInfo {
  kid: string;
  alg: KeyAlg;
  use: 'sig' | 'enc';
  status: KeyStatus;
  priority: number;
  /** Creation time, epoch ms (also the certificate serial). */
  createdAt: number;
}

/**
 * A static key for `createRealm({ keys })` (see `test-fixtures/keys`).
 *
 * @example
 * ```ts
 * await kc.createRealm({ keys: [{ privateJwk, alg: 'RS256', use: 'sig' }] });
 * ```
 */
export interface StaticKeyInput {
  privateJwk: JWK;
  alg: KeyAlg;
  /** Default `enc` for RSA-OAEP, `sig` otherwise. */
  use?: 'sig' | 'enc';
  /** Default `active`. */
  status?: KeyStatus;
  /** Default 100. */
  priority?: number;
  /** Epoch ms; default the realm clock. Fixing it makes `x5c`/`x5t` deterministic. */
  createdAt?: number;
}

/**
 * Options of `realm.keys.add()`.
 *
 * @example
 * ```ts
 * const kid = await realm.keys.add({ alg: 'RS256', active: false });
 * ```
 */
export interface AddKeyOptions {
  alg: KeyAlg;
  use?: 'sig' | 'enc';
  /** Default true. A new active key of the same alg and priority wins over older ones. */
  active?: boolean;
  /** RSA only; default 2048. 1024 is allowed for weak-key tests. */
  modulusLength?: number;
  /** Default 100. Higher wins when several keys of one alg are active. */
  priority?: number;
  /** Use this private JWK instead of generating one. */
  privateJwk?: JWK;
  createdAt?: number;
}

/** A key held by the store. */
export interface StoredKey extends KeyInfo {
  signingKey: CryptoKey;
  publicJwk: JWK;
  privateJwk: JWK;
  seq: number;
}

/** The `realm.keys` API. */
export interface RealmKeys {
  /**
   * Every key with its status (HMAC keys excluded: they are never published).
   *
   * @example
   * ```ts
   * realm.keys.list().filter((k) => k.status === 'active');
   * ```
   */
  list(): KeyInfo[];
  /**
   * Adds a key (generated unless `privateJwk` is given) and returns its kid.
   *
   * @example
   * ```ts
   * const esKid = await realm.keys.add({ alg: 'ES256' });
   * ```
   */
  add(options: AddKeyOptions): Promise<string>;
  /**
   * Adds a new active key for `alg` and makes the previously active ones passive.
   *
   * @example
   * ```ts
   * const oldKid = realm.keys.list()[1]!.kid;
   * const newKid = await realm.keys.rotate();
   * ```
   */
  rotate(alg?: SigningAlg | 'RSA-OAEP'): Promise<string>;
  /**
   * Changes a key's status: `disabled` hides it from the certs endpoint and stops it signing.
   *
   * @example
   * ```ts
   * realm.keys.setStatus(kid, 'passive');
   * ```
   */
  setStatus(kid: string, status: KeyStatus): void;
  /**
   * Deletes a key.
   *
   * @example
   * ```ts
   * realm.keys.remove(oldKid);
   * ```
   */
  remove(kid: string): void;
  /**
   * Exactly what the certs endpoint serves.
   *
   * @example
   * ```ts
   * const jwks = createLocalJWKSet(realm.keys.jwks());
   * ```
   */
  jwks(): { keys: JWK[] };
}

/** Internal key store behind `realm.keys`. */
export class KeyStore implements RealmKeys {
  readonly #keys: StoredKey[] = [];
  #seq = 0;

  constructor(
    private readonly realmName: string,
    private readonly now: () => number,
    private readonly encFirst: boolean,
  ) {}

  list(): KeyInfo[] {
    return this.#keys.map(({ kid, alg, use, status, priority, createdAt }) => ({
      kid,
      alg,
      use,
      status,
      priority,
      createdAt,
    }));
  }

  async add(options: AddKeyOptions): Promise<string> {
    const privateJwk =
      options.privateJwk ?? (await generatePrivateJwk(options.alg, options.modulusLength));
    return this.addStatic({
      privateJwk,
      alg: options.alg,
      use: options.use,
      status: options.active === false ? 'passive' : 'active',
      priority: options.priority,
      createdAt: options.createdAt,
    });
  }

  /** Adds a key from a private JWK. */
  async addStatic(input: StaticKeyInput): Promise<string> {
    const use = input.use ?? (input.alg === 'RSA-OAEP' ? 'enc' : 'sig');
    const createdAt = input.createdAt ?? this.now();
    const material = await keyMaterial(input.privateJwk, input.alg, use, this.realmName, createdAt);
    if (this.#keys.some((k) => k.kid === material.kid))
      throw new Error(`key ${material.kid} is already in realm ${this.realmName}`);
    this.#keys.push({
      ...material,
      alg: input.alg,
      use,
      status: input.status ?? 'active',
      priority: input.priority ?? 100,
      createdAt,
      seq: this.#seq++,
    });
    return material.kid;
  }

  async rotate(alg: SigningAlg | 'RSA-OAEP' = 'RS256'): Promise<string> {
    const previous = this.#keys.filter((k) => k.alg === alg && k.status === 'active');
    const priority = Math.max(100, ...previous.map((k) => k.priority));
    const kid = await this.add({ alg, priority });
    for (const key of previous) key.status = 'passive';
    return kid;
  }

  setStatus(kid: string, status: KeyStatus): void {
    this.get(kid).status = status;
  }

  remove(kid: string): void {
    const index = this.#keys.findIndex((k) => k.kid === kid);
    if (index < 0) throw new Error(`no key ${kid} in realm ${this.realmName}`);
    this.#keys.splice(index, 1);
  }

  jwks(): { keys: JWK[] } {
    const published = this.#keys.filter((k) => k.status !== 'disabled');
    const enc = published.filter((k) => k.use === 'enc');
    const sig = published.filter((k) => k.use === 'sig');
    const ordered = this.encFirst ? [...enc, ...sig] : [...sig, ...enc];
    return { keys: ordered.map((k) => structuredClone(k.publicJwk)) };
  }

  /** A key by kid (any status). Throws if unknown. */
  get(kid: string): StoredKey {
    const key = this.#keys.find((k) => k.kid === kid);
    if (!key) throw new Error(`no key ${kid} in realm ${this.realmName}`);
    return key;
  }

  /** The key that signs `alg` tokens: highest priority active key, newest on ties. */
  active(alg: KeyAlg): StoredKey {
    const candidates = this.#keys
      .filter((k) => k.alg === alg && k.status === 'active')
      .sort((a, b) => b.priority - a.priority || b.seq - a.seq);
    const key = candidates[0];
    if (!key) {
      throw new Error(
        `realm ${this.realmName} has no active ${alg} key: add one with realm.keys.add({ alg: '${alg}' })`,
      );
    }
    return key;
  }

  /** A key usable for signing by kid: known and not disabled. */
  signer(kid: string): StoredKey {
    const key = this.get(kid);
    if (key.status === 'disabled') throw new Error(`key ${kid} is disabled and cannot sign`);
    return key;
  }

  /** The first published `enc` key, if any. */
  encKey(): StoredKey | undefined {
    return this.#keys.find((k) => k.use === 'enc' && k.status !== 'disabled');
  }
}
