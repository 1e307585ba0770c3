import type { JWTPayload } from 'jose';
import { isJsonObject } from './http.js';
import type { StoreAccess } from './store-access.js';
import { partsHash } from './token-hash.js';

/**
 * Introspection and UMA answers shared between instances through the store, so that N instances
 * ask the identity provider once per token, not N times. Keys are hashes of the asking client,
 * the issuer and the token (never the token); an answer lives no longer than the local cache
 * would keep it, and never beyond the token's `exp`.
 *
 * Instances also share the asking: the first instance to miss takes a short lock
 * (`setIfAbsent`), the others poll for its answer instead of calling too. A store that fails or
 * is slow only costs the sharing: each instance then asks for itself, as without a store.
 */

/** An introspection result as the introspector caches it. */
export interface SharedIntrospection {
  readonly claims: JWTPayload | undefined;
}

/** How the answers of one kind are named, stored and aged. */
interface Kind<T> {
  readonly namespace: string;
  encode(value: T): string;
  decode(text: string): T | undefined;
}

const POLL_INTERVAL = 10;
const FAILED = 'failed';

const INTROSPECTION: Kind<SharedIntrospection> = {
  namespace: 'introspection',
  encode: (answer) => JSON.stringify({ c: answer.claims ?? null }),
  decode(text) {
    const value = parse(text);
    if (!isJsonObject(value)) return undefined;
    if (value.c === null) return { claims: undefined };
    return isJsonObject(value.c) ? { claims: value.c } : undefined;
  },
};

const DECISION: Kind<boolean> = {
  namespace: 'uma',
  encode: (granted) => (granted ? '1' : '0'),
  decode: (text) => (text === '1' ? true : text === '0' ? false : undefined),
};

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class SharedAnswers {
  constructor(
    private readonly access: StoreAccess,
    private readonly now: () => number,
    /** How long an instance may hold the asking lock: the IdP request timeout and a margin. */
    private readonly lockTtl: number,
  ) {}

  /**
   * The introspection answer for `token` asked by `clientId`: from the store, or from `load`.
   *
   * @example
   * ```ts
   * const answer = await shared.introspection([clientId, issuer, token], ttlOf, () => call(token));
   * ```
   */
  introspection(
    parts: readonly string[],
    ttlOf: (answer: SharedIntrospection) => number,
    load: () => Promise<SharedIntrospection>,
  ): Promise<SharedIntrospection> {
    return this.through(INTROSPECTION, parts, ttlOf, load);
  }

  /** A UMA decision (granted or not) for `[audience, issuer, permission, token]`. */
  decision(
    parts: readonly string[],
    ttlOf: (granted: boolean) => number,
    load: () => Promise<boolean>,
  ): Promise<boolean> {
    return this.through(DECISION, parts, ttlOf, load);
  }

  private async through<T>(
    kind: Kind<T>,
    parts: readonly string[],
    ttlOf: (value: T) => number,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = `${kind.namespace}:${await partsHash(parts)}`;
    const lock = `${key}:asking`;
    const found = await this.read(kind, key);
    if (found !== undefined) return found;
    let mine = true;
    try {
      mine = await this.access.setIfAbsent(lock, '1', this.lockTtl);
    } catch {
      // No store: ask for ourselves.
    }
    if (!mine) {
      const answered = await this.await(kind, key, lock);
      if (answered !== undefined) return answered;
    }
    let value: T;
    try {
      value = await load();
    } catch (error) {
      // Waiting instances stop waiting and ask for themselves.
      if (mine) this.access.set(lock, FAILED, this.lockTtl).catch(() => undefined);
      throw error;
    }
    const ttl = ttlOf(value);
    if (ttl >= 1) this.access.set(key, kind.encode(value), ttl).catch(() => undefined);
    return value;
  }

  private async read<T>(kind: Kind<T>, key: string): Promise<T | undefined> {
    try {
      const text = await this.access.get(key);
      return text === undefined ? undefined : kind.decode(text);
    } catch {
      return undefined;
    }
  }

  /** Polls for another instance's answer until it comes, its asking failed, or the lock ends. */
  private async await<T>(kind: Kind<T>, key: string, lock: string): Promise<T | undefined> {
    const deadline = this.now() + this.lockTtl;
    while (this.now() < deadline) {
      await sleep(POLL_INTERVAL);
      try {
        const text = await this.access.get(key);
        const value = text === undefined ? undefined : kind.decode(text);
        if (value !== undefined) return value;
        const state = await this.access.get(lock);
        if (state === undefined || state === FAILED) return undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}
