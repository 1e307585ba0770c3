import type { Check } from '../types.js';
import { fail, pass } from './outcome.js';

/** The final word: what @realmguard/core's verifier decides. The exit code follows it. */
export const verdict: Check = {
  id: 'verdict',
  title: 'Verifier verdict',
  needs: [],
  needsToken: true,
  async run(ctx) {
    const result = await ctx.verdict();
    if (result.accepted) {
      const who = [
        result.username === undefined ? undefined : `username ${result.username}`,
        result.subject === undefined ? undefined : `sub ${result.subject}`,
      ].filter((part) => part !== undefined);
      return pass(
        `accepted by @realmguard/core${who.length ? ` (${who.join(', ')})` : ''}` +
          (result.source === 'introspection' ? ' through introspection' : ''),
      );
    }
    const status = result.status === undefined ? '' : ` (HTTP ${result.status})`;
    return fail(
      `rejected: ${result.code}${status}: ${result.description}`,
      result.hint ?? 'See the failed checks above.',
    );
  },
};
