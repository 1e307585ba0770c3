import type { Check } from '../types.js';
import { fail, notJwt, pass, show, warn } from './outcome.js';

const SEND_ACCESS_TOKEN =
  'Send the access_token of the token response in "Authorization: Bearer …" (keycloak-js: ' +
  'keycloak.token; oidc-client-ts: user.access_token).';

const WRONG_KIND: Record<string, { what: string; fix: string }> = {
  id: {
    what: 'an ID token: it tells the client who logged in, it does not authorize API calls',
    fix: `${SEND_ACCESS_TOKEN} Not id_token (keycloak.idToken, user.id_token).`,
  },
  refresh: {
    what: 'a refresh token: it is only for the token endpoint',
    fix: `${SEND_ACCESS_TOKEN} Use the refresh token only to get new access tokens.`,
  },
  offline: {
    what: 'an offline token (a long-lived refresh token): it is only for the token endpoint',
    fix: `${SEND_ACCESS_TOKEN} Use the offline token only to get new access tokens.`,
  },
  logout: {
    what: 'a back-channel logout token: Keycloak sends it to clients, it authorizes nothing',
    fix: SEND_ACCESS_TOKEN,
  },
  dpop: {
    what: 'a DPoP-bound access token: it must be sent with the DPoP scheme and a proof',
    fix:
      'Bearer verification cannot accept DPoP-bound tokens: switch DPoP off for the client ' +
      '(Clients → client → Advanced → "Require DPoP bound tokens") or verify DPoP proofs.',
  },
};

/** Keycloak's payload `typ` must be `Bearer`: ID, refresh, logout tokens are not access tokens. */
export const tokenType: Check = {
  id: 'token-type',
  title: 'Token type (payload typ)',
  needs: ['token-structure'],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const typ = ctx.jws.payload.typ;
    if (typ === undefined) {
      return warn('no payload "typ" (not a Keycloak token?): accepted as an access token');
    }
    if (typeof typ === 'string' && typ.toLowerCase() === 'bearer')
      return pass('typ Bearer: an access token');
    const kind = typeof typ === 'string' ? WRONG_KIND[typ.toLowerCase()] : undefined;
    if (kind) return fail(`typ ${show(typ)}: ${kind.what}`, kind.fix);
    return fail(`typ ${show(typ)} is not Bearer`, SEND_ACCESS_TOKEN);
  },
};
