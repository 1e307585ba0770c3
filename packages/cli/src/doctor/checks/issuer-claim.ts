import { describeDifferences, explainDifferences, issuerDifferences } from '../issuer-diff.js';
import type { Check } from '../types.js';
import { fail, notJwt, pass, show } from './outcome.js';

/** The token's `iss` must equal the configured issuer exactly. */
export const issuerClaim: Check = {
  id: 'issuer-claim',
  title: 'Token issuer (iss)',
  needs: ['token-structure'],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const iss = ctx.jws.payload.iss;
    const configured = ctx.options.issuer;
    if (typeof iss !== 'string') {
      return fail(
        iss === undefined ? 'no "iss" claim' : `"iss" is not a string: ${show(iss)}`,
        'realmguard requires iss to equal the configured issuer: this is not a Keycloak token.',
      );
    }
    if (iss === configured) return pass(`iss is ${iss}`);
    const differences = issuerDifferences(configured, iss);
    const discovered = ctx.metadata?.issuer;
    const sameAsDiscovery =
      discovered === iss
        ? `\nThe token's iss equals the discovery issuer: configure the API (and --issuer) with ${iss}.`
        : '';
    return fail(
      `iss is "${iss}", --issuer is "${configured}": ${describeDifferences(differences)} differ`,
      `${explainDifferences(differences)}${sameAsDiscovery}`,
    );
  },
};
