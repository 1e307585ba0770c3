import {
  checkReceivedHeader,
  decodeReceived,
  ReceiverError,
  verifyReceivedSignature,
} from './receiver-jws.js';
import { receiver, TEXT_BODY, webReceiver } from './receiver-body.js';
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
 * Keycloak's "push not-before" admin callback (Realm settings → Sessions/Revocation → Push, or a
 * client's Revocation tab): Keycloak POSTs a signed admin action to `{Admin URL}/k_push_not_before`
 * (`text/plain`, a compact JWS whose payload is `{"id","expiration","resource","action":
 * "PUSH_NOT_BEFORE","notBefore"}`, as `PushNotBeforeAction` serializes it). Every token of the
 * realm issued before `notBefore` is then rejected, on every instance; `notBefore: 0` clears it.
 * The action is checked as Keycloak's own adapters do (`PreAuthActionsHandler`): signature by the
 * realm's keys, the action name, `expiration` not passed, and `resource` = this client.
 */

/** Options of {@link pushNotBefore} and {@link handlePushNotBefore}. */
export interface PushNotBeforeOptions {
  /** The client id(s) whose Admin URL points here: the action's `resource`. */
  clientId: string | readonly string[];
}

const WHAT = 'not-before push';

/**
 * Handles one not-before push, framework-free: `body` is the request body as text. Answers 204
 * when applied, 400 with a JSON error otherwise (503 when the realm's keys cannot be fetched),
 * with `Cache-Control: no-store`. It rejects only for a programming error.
 *
 * @example
 * ```ts
 * const answer = await handlePushNotBefore(verifier, { clientId: 'orders-api' }, await readText(req));
 * ```
 */
export async function handlePushNotBefore(
  verifier: Verifier,
  options: PushNotBeforeOptions,
  body: string | undefined,
): Promise<ReceiverResponse> {
  const internals = internalsOf(verifier);
  const clientIds = clientIdsOf(options);
  try {
    const token = (body ?? '').trim();
    const { options: resolved } = internals;
    const { header, payload } = decodeReceived(token, WHAT, resolved.maxTokenLength);
    const alg = checkReceivedHeader(header, internals, WHAT);
    const issuer = await verifyReceivedSignature(token, header, alg, internals, WHAT, undefined);
    const { action, expiration, resource, notBefore, id } = payload as Record<string, unknown>;
    if (action !== 'PUSH_NOT_BEFORE')
      throw new ReceiverError('The admin action is not a not-before push');
    const nowMs = resolved.now();
    const tolerance = resolved.clockTolerance * 1000;
    if (typeof expiration !== 'number' || expiration * 1000 + tolerance < nowMs) {
      throw new ReceiverError('The not-before push expired');
    }
    if (typeof resource !== 'string' || !clientIds.includes(resource)) {
      throw new ReceiverError('The not-before push is for another client');
    }
    if (typeof notBefore !== 'number' || !Number.isInteger(notBefore) || notBefore < 0) {
      throw new ReceiverError('The not-before push has no valid "notBefore"');
    }
    if (typeof id !== 'string' || id === '')
      throw new ReceiverError('The not-before push has no "id"');
    await claimOnce(
      internals.store,
      'push-id',
      [issuer, id],
      Math.max(1, expiration * 1000 + tolerance - nowMs),
      'The not-before push was already used',
    );
    await internals.revocations.revoke({
      kind: 'not-before',
      issuer,
      id: '',
      at: notBefore,
      expiresAt: Math.max(nowMs, notBefore * 1000) + resolved.shared.maxTokenLifetime + tolerance,
      receivedAt: nowMs,
    });
    return receiverOk(204);
  } catch (error) {
    return receiverFailure(error);
  }
}

/**
 * A Fetch API route handler for Keycloak's not-before push: mount it at
 * `{Admin URL}/k_push_not_before`.
 *
 * @example
 * ```ts
 * const push = pushNotBefore(verifier, { clientId: 'orders-api' });
 * // Keycloak: Clients → orders-api → Admin URL = https://api.example.com/keycloak
 * if (url.pathname === '/keycloak/k_push_not_before') return push(request);
 * ```
 */
export function pushNotBefore(
  verifier: Verifier,
  options: PushNotBeforeOptions,
): (request: Request) => Promise<Response> {
  internalsOf(verifier);
  clientIdsOf(options);
  return webReceiver(
    receiver(TEXT_BODY, (body) =>
      handlePushNotBefore(verifier, options, typeof body === 'string' ? body : undefined),
    ),
  );
}
