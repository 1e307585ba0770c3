import { DEFAULT_ALGORITHMS } from '@realmguard/core';
import type { Check, CheckOutcome } from '../types.js';
import { wrongKindShown } from './claims.js';
import { fail, notJwt, pass, show, skip } from './outcome.js';

const ACCESS_TOKEN_HEADER_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);

/**
 * Header checks before any key: alg in core's allow-list, an access token's `typ`, no `crit`.
 * Like core, the payload `typ` decides first: a refresh token (HS256/HS512) is the wrong kind of
 * token, not a token with a wrong algorithm, so its header problems only show as a skip that
 * points to "Token type" (core answers `wrong_token_type`).
 */
export const algorithm: Check = {
  id: 'algorithm',
  title: 'Algorithm allowed',
  needs: ['token-structure'],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const outcome = headerOutcome(ctx.jws.header);
    const kind = wrongKindShown(ctx.jws.payload);
    if (outcome.status !== 'fail' || kind === undefined) return outcome;
    return skip(
      `${outcome.detail}; decided first: not an access token (typ ${kind}), see "Token type"`,
    );
  },
};

function headerOutcome(header: Readonly<Record<string, unknown>>): CheckOutcome {
  const { alg, typ, crit } = header;
  const allowed = DEFAULT_ALGORITHMS.join(', ');
  if (typeof alg !== 'string') {
    return fail('the header has no "alg"', 'This is not a signed JWT.');
  }
  if (alg.toLowerCase() === 'none') {
    return fail(
      'alg "none": the token is not signed',
      'Unsigned tokens are never accepted. Send the access token Keycloak issued.',
    );
  }
  if (/^HS(256|384|512)$/.test(alg)) {
    return fail(
      `alg ${alg} (HMAC) is not allowed; allowed: ${allowed}`,
      'Keycloak signs access tokens with the realm key (RS256 by default) and refresh tokens ' +
        'with HS512 (HS256 before Keycloak 24): this looks like a refresh token (see "Token ' +
        'type"). Send the access_token of the token response.',
    );
  }
  if (!(DEFAULT_ALGORITHMS as readonly string[]).includes(alg)) {
    return fail(
      `alg ${alg} is not allowed; allowed: ${allowed}`,
      "Set the client's access token signature algorithm to RS256 (Clients → client → " +
        'Advanced → Fine grain OpenID Connect configuration).',
    );
  }
  if (
    typ !== undefined &&
    !(typeof typ === 'string' && ACCESS_TOKEN_HEADER_TYPES.has(typ.toLowerCase()))
  ) {
    return fail(
      `header typ "${show(typ)}" is not that of an access token (JWT or at+jwt)`,
      'This is another kind of JWT (for example a logout token, typ logout+jwt): send the ' +
        'access token.',
    );
  }
  if (crit !== undefined) {
    return fail(
      `the header has "crit" ${show(crit)}`,
      'Critical header extensions are not supported: the token was not issued by Keycloak ' +
        'as an access token.',
    );
  }
  return pass(`alg ${alg}${typeof typ === 'string' ? `, typ ${typ}` : ''}`);
}
