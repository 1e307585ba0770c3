import type { JWTPayload } from 'jose';
import { invalidToken } from './errors.js';
import type { ResolvedOptions } from './options.js';

/** `aud` as a list: a string is one audience, an absent claim none. */
export function audienceList(payload: JWTPayload): readonly string[] {
  const { aud } = payload;
  if (aud === undefined) return [];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.every((item) => typeof item === 'string')) return aud;
  throw invalidToken('invalid_claim', 'The access token has an invalid "aud" claim');
}

/**
 * The fix for Keycloak's most common audience problem: tokens name the API only in `azp`
 * because the client has no Audience mapper.
 */
export function audienceMapperHint(audience: string): string {
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
 * Audience policy. Strict by default: one of the configured audiences must be in `aud`. With
 * `acceptAuthorizedParty`, a token whose `aud` lacks them is accepted when its `azp` equals one
 * of them, and in no other case.
 */
export function checkAudience(payload: JWTPayload, options: ResolvedOptions): void {
  const expected = options.audiences;
  if (expected === false) return;
  const audiences = audienceList(payload);
  if (audiences.some((aud) => expected.includes(aud))) return;
  const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
  if (azp !== undefined && expected.includes(azp)) {
    if (options.acceptAuthorizedParty) return;
    throw invalidToken('audience_mismatch', 'The access token is not intended for this audience', {
      hint: audienceMapperHint(azp),
    });
  }
  throw invalidToken('audience_mismatch', 'The access token is not intended for this audience');
}
