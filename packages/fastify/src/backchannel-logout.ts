import type { FastifyPluginCallback } from 'fastify';
import {
  backchannelLogoutReceiver,
  pushNotBeforeReceiver,
  type BackchannelLogoutOptions,
  type PushNotBeforeOptions,
  type Verifier,
} from '@realmguard/core';
import { nodeReceiverRequest, type Receiver } from '@realmguard/core/adapter';

/** Where a receiver plugin mounts its route, and the verifier whose tokens it revokes. */
export interface ReceiverPluginOptions {
  /** The verifier the app authenticates with (`app.register(realmguard, { verifier })`). */
  verifier: Verifier;
  /** The route's path, e.g. `/backchannel-logout` or `/keycloak/k_push_not_before`. */
  path: string;
}

const receiverPlugin =
  <O>(
    make: (verifier: Verifier, options: O) => Receiver,
  ): FastifyPluginCallback<ReceiverPluginOptions & O> =>
  (scope, { verifier, path, ...options }, done) => {
    let receive: Receiver;
    try {
      receive = make(verifier, options as O); // a missing clientId fails the registration
    } catch (error) {
      return done(error as Error);
    }
    // Core checks the content type and reads the body (at most 64 KiB): in this encapsulated
    // context no parser reads it first (Fastify would answer 415 to a form body otherwise).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null));
    scope.post(path, { config: { realmguard: false } }, async (request, reply) => {
      const answer = await receive(nodeReceiverRequest(request.raw));
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
    done();
  };

/**
 * The OpenID Connect Back-Channel Logout route as a plugin: point the Keycloak client's
 * "Backchannel logout URL" at `path` (`clientId`: that client, the logout token's `aud`). It
 * answers 200, or 400 with a JSON error (503 with `Retry-After` when the issuer's keys cannot be
 * fetched), with `Cache-Control: no-store`; from then on the session's tokens get 401
 * `invalid_token`. The route is not authenticated (`config: { realmguard: false }`).
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer, audience: 'orders-api', store: createRedisStore({ url }) });
 * await app.register(realmguard, { verifier });
 * await app.register(backchannelLogout, { verifier, clientId: 'orders-web', path: '/backchannel-logout' });
 * ```
 */
export const backchannelLogout =
  receiverPlugin<BackchannelLogoutOptions>(backchannelLogoutReceiver);

/**
 * Keycloak's not-before push route as a plugin: `path` is `{Admin URL}/k_push_not_before` of
 * the client `clientId`. Answers 204, or 400 with a JSON error, with `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * await app.register(pushNotBefore, { verifier, clientId: 'orders-api', path: '/keycloak/k_push_not_before' });
 * ```
 */
export const pushNotBefore = receiverPlugin<PushNotBeforeOptions>(pushNotBeforeReceiver);
