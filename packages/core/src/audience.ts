import type { JWTPayload } from 'jose';
import { invalidToken } from './errors.js';
import type { ResolvedOptions } from './options.js';

/**
 * `aud` as a list: a string is one audience, an absent claim none.
 *
 * @example
 * ```ts
 * audienceList({ aud: 'orders-api' }); // ['orders-api']
 * audienceList({}); // []
 * ```
 */
export function audienceList(payload: JWTPayload): readonly string[] {
  const { aud } = payload;
  if (aud === undefined) return [];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.every((item) => typeof item === 'string')) return aud;
  throw invalidToken('invalid_claim', { claim: 'aud' });
}

/** A client id fit to quote in a hint: printable, of a sane length (`azp` comes from a token). */
const CLIENT_ID = /^[^\p{Cc}"]{1,255}$/u;

/**
 * The Keycloak admin-console steps that put `audience` into the access tokens of client `azp`
 * (the dedicated client scope of an unknown client is named generically). `realmguard doctor`
 * gives the same steps.
 *
 * @example
 * ```ts
 * audienceMapperSteps('orders-web', 'orders-api');
 * // 'Add an Audience mapper to "orders-web" in the Keycloak admin console: Clients → orders-web → …'
 * ```
 */
export function audienceMapperSteps(azp: string | undefined, audience: string): string {
  const client = azp === undefined ? 'the client that requests the token' : `"${azp}"`;
  const scope = azp === undefined ? 'its dedicated scope' : `${azp}-dedicated`;
  return (
    `Add an Audience mapper to ${client} in the Keycloak admin console: Clients → ` +
    `${azp ?? 'the client that requests the token'} → Client scopes → ${scope} → Add mapper → ` +
    `By configuration → Audience → Included Client Audience "${audience}", Add to access token ` +
    'ON (and Add to lightweight access token ON if the client uses lightweight tokens). Then ' +
    `request a new token: its "aud" will contain "${audience}".`
  );
}

/**
 * The fix for Keycloak's most common audience problem: the token does not name this API in
 * `aud` because the client that requested it has no Audience mapper. With `authorizedParty`
 * (the token's `azp`) other than `audience`, e.g. a front-end client `orders-web` calling
 * `orders-api`, the hint names both clients and the console steps; without it, or when `azp` is
 * the API itself, it also offers `acceptAuthorizedParty`.
 *
 * @example
 * ```ts
 * audienceMapperHint('orders-api'); // azp is orders-api itself
 * audienceMapperHint('orders-api', 'orders-web'); // a front-end client without the mapper
 * ```
 */
export function audienceMapperHint(audience: string, authorizedParty?: string): string {
  if (authorizedParty !== undefined && authorizedParty !== audience) {
    return (
      `The token was issued to client "${authorizedParty}" (azp) and "${audience}" is not in its ` +
      `"aud" claim: Keycloak adds "${audience}" to the tokens of "${authorizedParty}" only through ` +
      `an Audience mapper. ${audienceMapperSteps(authorizedParty, audience)}`
    );
  }
  return (
    `The token was issued to client "${audience}" (azp) but "${audience}" is not in its "aud" ` +
    'claim: Keycloak adds a client to "aud" only through an Audience mapper. In the Keycloak ' +
    `admin console: Clients → the client that requests the token → Client scopes → its dedicated ` +
    `scope → Add mapper → By configuration → Audience, Included Client Audience "${audience}", ` +
    'Add to access token ON. Or, if this API is the client the tokens are issued to, set ' +
    'acceptAuthorizedParty: true to accept azp in place of aud.'
  );
}

/**
 * What to tell the operator about a token of client `azp` (its `azp` claim, if any) whose `aud`
 * lacks `audience`: the Audience-mapper hint that names both clients, as `realmguard doctor`
 * gives it.
 *
 * @example
 * ```ts
 * audienceMismatchHint('orders-web', 'orders-api'); // '… Clients → orders-web → Client scopes → …'
 * ```
 */
export function audienceMismatchHint(azp: string | undefined, audience: string): string {
  if (azp === undefined || !CLIENT_ID.test(azp)) {
    return (
      `"${audience}" is not in the token's "aud" claim: Keycloak adds it only through an ` +
      `Audience mapper. ${audienceMapperSteps(undefined, audience)}`
    );
  }
  return audienceMapperHint(audience, azp);
}

/**
 * Audience policy. Strict by default: one of the configured audiences must be in `aud`. With
 * `acceptAuthorizedParty`, a token whose `aud` lacks them is accepted when its `azp` equals one
 * of them, and in no other case. A mismatch carries the Audience-mapper hint.
 */
export function checkAudience(payload: JWTPayload, options: ResolvedOptions): void {
  const expected = options.audiences;
  if (expected === false) return;
  const audiences = audienceList(payload);
  if (audiences.some((aud) => expected.includes(aud))) return;
  const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
  if (azp !== undefined && expected.includes(azp) && options.acceptAuthorizedParty) return;
  const first = expected[0] ?? '';
  throw invalidToken('audience_mismatch', {
    hint: audienceMismatchHint(azp, azp !== undefined && expected.includes(azp) ? azp : first),
  });
}

/**
 * Why the identity provider may have answered `active: false` for a token whose `aud` lacks the
 * introspecting client (Keycloak 26.6.2 and later do so), or undefined when `aud` names it.
 *
 * @example
 * ```ts
 * introspectionAudienceHint({ aud: 'account' }, 'orders-api'); // 'The identity provider says …'
 * ```
 */
export function introspectionAudienceHint(
  claims: JWTPayload,
  clientId: string,
): string | undefined {
  if (audienceList(claims).includes(clientId)) return undefined;
  return (
    `The identity provider says the token is not active. Keycloak 26.6.2 and later answer so when ` +
    `the introspecting client "${clientId}" is not in the token's "aud": add an Audience mapper ` +
    `for "${clientId}" (Clients → the client that requests the token → Client scopes → its ` +
    'dedicated scope → Add mapper → By configuration → Audience).'
  );
}
