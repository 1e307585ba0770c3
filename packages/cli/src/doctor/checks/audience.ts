import { audienceMapperHint, audienceMismatchHint } from '@realmguard/core';
import type { Check } from '../types.js';
import { audiences, hasRoleClaims, wrongKindShown } from './claims.js';
import { fail, list, notJwt, pass, show, skip, warn } from './outcome.js';

/** `aud` must contain `--audience`; when only `azp` names it, the Audience mapper is missing. */
export const audience: Check = {
  id: 'audience',
  title: 'Audience (aud vs azp)',
  needs: ['token-structure'],
  needsToken: true,
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const { payload } = ctx.jws;
    const kind = wrongKindShown(payload);
    if (kind !== undefined) return skip(`not an access token (typ ${kind}): see "Token type"`);
    const auds = audiences(payload);
    const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
    if (auds === undefined) {
      return fail(
        `"aud" is neither a string nor an array of strings: ${show(payload.aud)}`,
        'This token was not issued by Keycloak.',
      );
    }
    const seen = `aud ${auds.length ? `[${list(auds)}]` : '(absent)'}, azp ${azp ?? '(absent)'}`;
    const expected = ctx.options.audience;
    if (expected === undefined) {
      return warn(
        `not checked (no --audience): ${seen}`,
        "Pass --audience with your API's client id: an API must check that tokens are meant " +
          'for it.',
      );
    }
    if (auds.includes(expected)) return pass(`${seen}: contains ${expected}`);
    if (auds.length === 0 && !hasRoleClaims(payload) && ctx.options.clientId !== undefined) {
      // A Keycloak lightweight token: its audience is the introspected one.
      const answer = await ctx.introspect();
      if (answer.kind === 'active' && audiences(answer.claims)?.includes(expected)) {
        return pass(`${seen}; introspection gives aud containing ${expected} (lightweight token)`);
      }
    }
    if (azp === expected) {
      return fail(`${seen}: ${expected} is only in azp, not in aud`, audienceMapperHint(expected));
    }
    const lightweight =
      auds.length === 0 && !hasRoleClaims(payload)
        ? '\nThis looks like a Keycloak lightweight access token, which carries aud only from ' +
          'mappers marked "Add to lightweight access token"; with --client-id/--client-secret ' +
          'the audience comes from introspection.'
        : '';
    // core's hint: the API answers this token with the same advice.
    return fail(
      `${seen}: does not contain ${expected}`,
      `${audienceMismatchHint(azp, expected)}${lightweight}`,
    );
  },
};
