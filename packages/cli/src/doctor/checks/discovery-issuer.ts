import { describeDifferences, explainDifferences, issuerDifferences } from '../issuer-diff.js';
import type { Check } from '../types.js';
import { fail, pass } from './outcome.js';

/** The discovery document's `issuer` must equal the configured issuer, character for character. */
export const discoveryIssuer: Check = {
  id: 'discovery-issuer',
  title: 'Discovery issuer matches',
  needs: ['issuer-reachable'],
  needsToken: false,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    const found = ctx.metadata?.issuer;
    const configured = ctx.options.issuer;
    if (typeof found !== 'string') {
      return fail(
        'the discovery document has no "issuer"',
        'This URL does not serve OpenID Provider metadata.',
      );
    }
    if (found === configured) return pass(`issuer is ${found}`);
    const differences = issuerDifferences(configured, found);
    return fail(
      `discovery says "${found}", --issuer is "${configured}": ${describeDifferences(differences)} differ`,
      `${explainDifferences(differences)}\nConfigure the API (and --issuer) with the issuer your ` +
        'tokens carry; realmguard refuses metadata whose issuer differs from the configured one.',
    );
  },
};
