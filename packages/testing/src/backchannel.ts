/**
 * What Keycloak sends to relying parties behind the user's back: back-channel logout tokens,
 * POSTed to each client's "Backchannel logout URL" when a session ends (user logout, admin
 * session removal, admin "Sign out"), and the "push not-before" admin action, POSTed to each
 * client's Admin URL + `/k_push_not_before`. Sends are real `fetch` calls (over HTTP to your API
 * instances, or to an in-process handler through `backchannel.fetch`).
 *
 * @module
 */
import { uuid } from './encoding.js';
import { keycloakHeader, signCompact } from './jws.js';
import type { ResolvedClient } from './model.js';
import type { Session } from './sessions.js';
import type { Minter } from './tokens.js';

/** One send and how it ended. */
export interface BackchannelDelivery {
  kind: 'logout' | 'push-not-before';
  clientId: string;
  url: string;
  /** The HTTP status the receiver answered, or undefined when the request failed. */
  status: number | undefined;
  /** Why the request failed (connection refused, …). */
  error?: string;
}

/** Options of `realm.pushNotBefore()`. */
export interface PushNotBeforeOptions {
  /** Epoch seconds; default now. 0 clears it (Keycloak's "Clear" then "Push"). */
  notBefore?: number;
  /** Only these clients (default: every client with an Admin URL). */
  clients?: string[];
}

/**
 * The realm's back-channel: deliveries made so far, and `settled()` to wait for those in flight.
 *
 * @example
 * ```ts
 * realm.client('orders-web').backchannelLogoutUrl = `${apiUrl}/backchannel-logout`;
 * realm.sessions.logout(sid);
 * const [delivery] = await realm.backchannel.settled();
 * expect(delivery.status).toBe(200);
 * ```
 */
export class Backchannel {
  /** Every delivery attempted, in order. */
  readonly deliveries: BackchannelDelivery[] = [];
  /** The fetch sends go through; default `globalThis.fetch`. */
  fetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
  /** The realm's not-before time (epoch seconds), as last pushed. */
  notBefore = 0;
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly minter: Minter,
    private readonly clients: () => readonly ResolvedClient[],
    private readonly now: () => number,
  ) {}

  /**
   * Resolves when every send in flight has ended, with every delivery made so far.
   *
   * @example
   * ```ts
   * const deliveries = await realm.backchannel.settled();
   * ```
   */
  async settled(): Promise<BackchannelDelivery[]> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    return this.deliveries;
  }

  /** @internal A session ended: a logout token to each of its clients with a back-channel URL. */
  sessionEnded(session: Session): void {
    if (session.transient) return;
    for (const client of this.clients()) {
      const url = client.backchannelLogoutUrl;
      if (!url || !session.clientIds.has(client.clientId)) continue;
      void this.#track(async () => {
        const token = await this.minter.logoutToken({
          user: session.username,
          client: client.clientId,
          sid: session.id,
          revokeOfflineAccess: client.backchannelLogoutRevokeOfflineSessions,
          // "Backchannel logout session required" off: Keycloak leaves `sid` out.
          claims: client.backchannelLogoutSessionRequired ? {} : { sid: undefined },
        });
        return this.#send('logout', client.clientId, url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: token }).toString(),
        });
      });
    }
  }

  /**
   * Pushes a not-before time to every client with an Admin URL, as Keycloak's Push button does:
   * a `PUSH_NOT_BEFORE` admin action signed with the realm's active RS256 key, POSTed as
   * `text/plain` to `{adminUrl}/k_push_not_before`. Resolves with this push's deliveries.
   */
  push(options: PushNotBeforeOptions = {}): Promise<BackchannelDelivery[]> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const notBefore = options.notBefore ?? nowSeconds;
    this.notBefore = notBefore;
    const sends: Promise<BackchannelDelivery>[] = [];
    for (const client of this.clients()) {
      if (!client.adminUrl) continue;
      if (options.clients && !options.clients.includes(client.clientId)) continue;
      const url = `${client.adminUrl.replace(/\/+$/, '')}/k_push_not_before`;
      const sent = this.#track(async () => {
        const signer = this.minter.signer('RS256', undefined);
        // PushNotBeforeAction, in Jackson's member order: AdminAction's, then notBefore.
        const action = JSON.stringify({
          id: uuid(),
          expiration: nowSeconds + 30,
          resource: client.clientId,
          action: 'PUSH_NOT_BEFORE',
          notBefore,
        });
        const body = await signCompact(
          keycloakHeader('RS256', 'JWT', signer.kid),
          action,
          'RS256',
          signer.key,
        );
        return this.#send('push-not-before', client.clientId, url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body,
        });
      });
      sends.push(sent);
    }
    return Promise.all(sends);
  }

  #track(send: () => Promise<BackchannelDelivery>): Promise<BackchannelDelivery> {
    const sent = send();
    const pending = sent.then(
      () => void this.#pending.delete(pending),
      () => void this.#pending.delete(pending),
    );
    this.#pending.add(pending);
    return sent;
  }

  async #send(
    kind: BackchannelDelivery['kind'],
    clientId: string,
    url: string,
    init: RequestInit,
  ): Promise<BackchannelDelivery> {
    const delivery: BackchannelDelivery = { kind, clientId, url, status: undefined };
    this.deliveries.push(delivery);
    try {
      const response = await this.fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : 'request failed';
    }
    return delivery;
  }
}
