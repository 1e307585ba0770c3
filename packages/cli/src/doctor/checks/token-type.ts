import { wrongTokenKind, type AuthErrorReason } from '@realmguard/core';
import type { Check } from '../types.js';
import { fail, notJwt, pass, show, warn } from './outcome.js';

const SEND_ACCESS_TOKEN =
  'Send the access_token of the token response in "Authorization: Bearer …" (keycloak-js: ' +
  'keycloak.token; oidc-client-ts: user.access_token).';

/** What each Keycloak token kind core refuses is, and the fix (by the error's `reason`). */
const WRONG_KIND: Partial<Record<AuthErrorReason, { what: string; fix: string }>> = {
  id_token: {
    what: 'an ID token: it tells the client who logged in, it does not authorize API calls',
    fix: `${SEND_ACCESS_TOKEN} Not id_token (keycloak.idToken, user.id_token).`,
  },
  refresh_token: {
    what: 'a refresh token: it is only for the token endpoint',
    fix: `${SEND_ACCESS_TOKEN} Use the refresh token only to get new access tokens.`,
  },
  offline_token: {
    what: 'an offline token (a long-lived refresh token): it is only for the token endpoint',
    fix: `${SEND_ACCESS_TOKEN} Use the offline token only to get new access tokens.`,
  },
  logout_token: {
    what: 'a back-channel logout token: Keycloak sends it to clients, it authorizes nothing',
    fix: SEND_ACCESS_TOKEN,
  },
  dpop_bound_token: {
    what: 'a DPoP-bound access token: it must be sent with the DPoP scheme and a proof',
    fix:
      'Bearer verification cannot accept DPoP-bound tokens: switch DPoP off for the client ' +
      '(Clients → client → Advanced → "Require DPoP bound tokens") or verify DPoP proofs.',
  },
};

/**
 * Keycloak's payload `typ` must be `Bearer`: ID, refresh, logout tokens are not access tokens.
 * core decides (`wrongTokenKind`, the rule the API applies); the doctor explains.
 */
export const tokenType: Check = {
  id: 'token-type',
  title: 'Token type (payload typ)',
  needs: ['token-structure'],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const { payload } = ctx.jws;
    const typ = payload.typ;
    const problem = wrongTokenKind(payload);
    if (problem === undefined) {
      return typ === undefined
        ? warn('no payload "typ" (not a Keycloak token?): accepted as an access token')
        : pass('typ Bearer: an access token');
    }
    const kind = problem.reason === undefined ? undefined : WRONG_KIND[problem.reason];
    if (kind) return fail(`typ ${show(typ)}: ${kind.what}`, kind.fix);
    return fail(`typ ${show(typ)} is not Bearer`, SEND_ACCESS_TOKEN);
  },
};
