/**
 * Server-side state: user sessions, the tokens minted into them (by `jti`), opaque handles and
 * revoked ids. Introspection, userinfo, revocation and the refresh grant read it.
 *
 * @module
 */
import { b64url, randomBytes, uuid } from './encoding.js';

/** One user session (`sid`), or the transient session of a service-account token. */
export interface Session {
  id: string;
  /** The user; `service-account-<clientId>` for service accounts. */
  username: string;
  clientIds: Set<string>;
  /** Service-account tokens: not listed, not ended by `logout`, never expires. */
  transient: boolean;
  /** Epoch seconds. */
  startedAt: number;
  /** The online session is alive (`on` tokens, `Refresh` tokens). */
  online: boolean;
  /** An offline session exists and is alive (`of` tokens, `Offline` tokens). */
  offline: boolean;
}

/** What `realm.sessions.list()` reports. */
export interface SessionInfo {
  id: string;
  username: string;
  clientIds: string[];
  online: boolean;
  offline: boolean;
  startedAt: number;
}

/** A minted token as the server remembers it. */
export interface TrackedToken {
  jti: string;
  kind: 'access' | 'refresh' | 'id' | 'logout';
  session: Session;
  /** Username, or `service-account-<clientId>`. */
  username: string;
  /** `azp`. */
  clientId: string;
  serviceAccount: boolean;
  /** Belongs to the offline session (offline_access granted / `typ: Offline`). */
  offline: boolean;
  lightweight: boolean;
  /** The full claim set (what a non-lightweight token would carry): introspection's answer. */
  claims: Record<string, unknown>;
  /** Granted client scopes (userinfo claims follow them). */
  granted: string[];
}

/** Input of {@link SessionStore.join}. */
export interface JoinInput {
  username: string;
  clientId: string;
  offline: boolean;
  /** Epoch seconds. */
  now: number;
}

/**
 * The `realm.sessions` API.
 *
 * @example
 * ```ts
 * const token = await realm.accessToken({ user: 'alice', sid: 's-1' });
 * realm.sessions.logout('s-1'); // introspection now answers {"active":false}
 * ```
 */
export interface RealmSessions {
  /**
   * Ends the online session `sid` (RP-initiated or admin logout). Offline tokens of the same
   * session stay active, as in Keycloak, unless `{ offline: true }`.
   *
   * @example
   * ```ts
   * realm.sessions.logout(sid);
   * ```
   */
  logout(sid: string, options?: { offline?: boolean }): void;
  /**
   * Admin "Sign out" of a user: ends every session of the user, offline ones included.
   *
   * @example
   * ```ts
   * realm.sessions.logoutUser('alice');
   * ```
   */
  logoutUser(username: string): void;
  /**
   * Whether the online (or offline) part of a session is alive.
   *
   * @example
   * ```ts
   * expect(realm.sessions.isActive(sid)).toBe(false);
   * ```
   */
  isActive(sid: string): boolean;
  /**
   * Every non-transient session, live or ended.
   *
   * @example
   * ```ts
   * realm.sessions.list().filter((s) => s.username === 'alice');
   * ```
   */
  list(): SessionInfo[];
}

/** Internal store behind `realm.sessions`. */
export class SessionStore implements RealmSessions {
  readonly #sessions = new Map<string, Session>();
  readonly #tokens = new Map<string, TrackedToken>();
  readonly #opaque = new Map<string, string>();
  readonly #revoked = new Set<string>();
  /** Called when a live session ends (the realm sends back-channel logout tokens). */
  onEnded: ((session: Session) => void) | undefined;

  logout(sid: string, options: { offline?: boolean } = {}): void {
    const session = this.#sessions.get(sid);
    if (!session) return;
    const wasOnline = session.online;
    session.online = false;
    if (options.offline) session.offline = false;
    if (wasOnline) this.onEnded?.(session);
  }

  logoutUser(username: string): void {
    for (const session of this.#sessions.values()) {
      if (session.username !== username) continue;
      const wasAlive = session.online || session.offline;
      session.online = false;
      session.offline = false;
      if (wasAlive) this.onEnded?.(session);
    }
  }

  isActive(sid: string): boolean {
    const session = this.#sessions.get(sid);
    return session !== undefined && (session.online || session.offline);
  }

  list(): SessionInfo[] {
    return [...this.#sessions.values()].map((s) => ({
      id: s.id,
      username: s.username,
      clientIds: [...s.clientIds],
      online: s.online,
      offline: s.offline,
      startedAt: s.startedAt,
    }));
  }

  /** The live session `sid` (a new one if absent or ended), joined by a client. */
  join(sid: string, input: JoinInput): Session {
    const existing = this.#sessions.get(sid);
    const alive =
      existing && (input.offline ? existing.offline || existing.online : existing.online);
    const session: Session =
      existing && alive
        ? existing
        : {
            id: sid,
            username: input.username,
            clientIds: new Set(),
            transient: false,
            startedAt: input.now,
            online: true,
            offline: false,
          };
    session.clientIds.add(input.clientId);
    if (input.offline) session.offline = true;
    this.#sessions.set(sid, session);
    return session;
  }

  /** A transient session for one service-account token (never listed). */
  transient(username: string, clientId: string, now: number): Session {
    return {
      id: uuid(),
      username,
      clientIds: new Set([clientId]),
      transient: true,
      startedAt: now,
      online: true,
      offline: false,
    };
  }

  /** The session `sid`, if any. */
  session(sid: string): Session | undefined {
    return this.#sessions.get(sid);
  }

  /** Remembers a minted token. */
  track(token: TrackedToken): void {
    this.#tokens.set(token.jti, token);
  }

  /** A minted token by `jti`. */
  token(jti: string): TrackedToken | undefined {
    return this.#tokens.get(jti);
  }

  /** Binds a new opaque handle (43 base64url characters, 32 random bytes) to a tracked token. */
  bindOpaque(jti: string): string {
    const handle = b64url(randomBytes(32));
    this.#opaque.set(handle, jti);
    return handle;
  }

  /** The tracked token behind an opaque handle. */
  opaque(handle: string): TrackedToken | undefined {
    const jti = this.#opaque.get(handle);
    return jti === undefined ? undefined : this.#tokens.get(jti);
  }

  /** Marks a `jti` revoked (known or not, as Keycloak's revoked-id store). */
  revokeJti(jti: string): void {
    this.#revoked.add(jti);
  }

  isRevoked(jti: string): boolean {
    return this.#revoked.has(jti);
  }

  /** Whether a tracked token's session (online or offline, by token) is alive. */
  sessionAlive(token: TrackedToken): boolean {
    const s = token.session;
    if (s.transient) return true;
    return token.offline ? s.offline : s.online;
  }
}
