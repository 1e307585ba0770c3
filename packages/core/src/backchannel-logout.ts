import { verifyLogoutToken } from './logout-token.js';
import { ReceiverError } from './receiver-jws.js';
import { FORM_BODY, receiver, webReceiver } from './receiver-body.js';
import { claimOnce } from './receiver-replay.js';
import {
  clientIdsOf,
  receiverFailure,
  receiverOk,
  type ReceiverResponse,
} from './receiver-response.js';
import type { Verifier } from './verifier.js';
import { internalsOf } from './verifier-internals.js';

/**
 * The OpenID Connect Back-Channel Logout 1.0 receiver: Keycloak POSTs a logout token here when a
 * user logs out or an administrator ends a session; from then on, every instance that shares
 * the verifier's store rejects that session's access tokens (or, for a logout token without
 * `sid`, the user's tokens issued until then).
 */

/** Options of {@link backchannelLogout} and {@link handleBackchannelLogout}. */
export interface BackchannelLogoutOptions {
  /**
   * The client id(s) whose "Backchannel logout URL" points here: the logout token's `aud`.
   * Usually the client users log in with (e.g. `orders-web`), not the API's own audience.
   */
  clientId: string | readonly string[];
}

/** What a logout request may carry: the raw form body, parsed form fields, or nothing. */
export type LogoutRequestBody = string | URLSearchParams | Record<string, unknown> | undefined;

function logoutTokenOf(body: LogoutRequestBody): string {
  let values: unknown[];
  if (typeof body === 'string') values = new URLSearchParams(body).getAll('logout_token');
  else if (body instanceof URLSearchParams) values = body.getAll('logout_token');
  else if (typeof body === 'object' && body !== null) {
    const field = body.logout_token;
    values = field === undefined ? [] : Array.isArray(field) ? field : [field];
  } else values = [];
  if (values.length !== 1 || typeof values[0] !== 'string' || values[0] === '') {
    throw new ReceiverError('The request must carry exactly one logout_token form parameter');
  }
  return values[0];
}

/**
 * Handles one back-channel logout request, framework-free: validates the logout token (spec
 * §2.6), refuses a replayed `jti` (shared across instances by the store), revokes the session
 * (`sid`) or, without one, the user's tokens issued until the logout (`sub`), and answers 200,
 * or 400 with a JSON error (503 when the issuer's keys cannot be fetched), always with
 * `Cache-Control: no-store`. It rejects only for a programming error (no verifier made by
 * `createVerifier`, no `clientId`).
 *
 * An adapter needs only to pass the form body and send the answer:
 * @example
 * ```ts
 * app.post('/backchannel-logout', async (request, reply) => {
 *   const answer = await handleBackchannelLogout(verifier, { clientId: 'orders-web' }, request.body);
 *   reply.code(answer.status).headers(answer.headers).send(answer.body ?? '');
 * });
 * ```
 */
export async function handleBackchannelLogout(
  verifier: Verifier,
  options: BackchannelLogoutOptions,
  body: LogoutRequestBody,
): Promise<ReceiverResponse> {
  const internals = internalsOf(verifier);
  const clientIds = clientIdsOf(options);
  try {
    const claims = await verifyLogoutToken(logoutTokenOf(body), internals, clientIds);
    const { options: resolved } = internals;
    const nowMs = resolved.now();
    const tolerance = resolved.clockTolerance * 1000;
    await claimOnce(
      internals.store,
      'logout-jti',
      [claims.issuer, claims.jti],
      Math.max(1, claims.validUntil * 1000 + tolerance - nowMs),
      'The logout token was already used',
    );
    await internals.revocations.revoke({
      kind: claims.sid !== undefined ? 'sid' : 'sub',
      issuer: claims.issuer,
      id: claims.sid ?? (claims.sub as string),
      at: claims.iat,
      expiresAt: claims.iat * 1000 + resolved.shared.maxTokenLifetime + tolerance,
      receivedAt: 0,
    });
    return receiverOk(200);
  } catch (error) {
    return receiverFailure(error);
  }
}

/**
 * A Fetch API route handler for back-channel logout (edge functions, Deno, Bun, Hono's
 * `c.req.raw`): POST with an `application/x-www-form-urlencoded` body, answered as
 * {@link handleBackchannelLogout} says.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer, audience: 'orders-api', store });
 * const logout = backchannelLogout(verifier, { clientId: 'orders-web' });
 * // Keycloak: Clients → orders-web → Backchannel logout URL = https://api.example.com/backchannel-logout
 * if (url.pathname === '/backchannel-logout') return logout(request);
 * ```
 */
export function backchannelLogout(
  verifier: Verifier,
  options: BackchannelLogoutOptions,
): (request: Request) => Promise<Response> {
  internalsOf(verifier);
  clientIdsOf(options);
  return webReceiver(
    receiver(FORM_BODY, (body) => handleBackchannelLogout(verifier, options, body)),
  );
}
