import { inspectToken } from '../../token.js';
import type { Check } from '../types.js';
import { fail, pass, warn } from './outcome.js';

/** core's default `maxTokenLength`: larger tokens are rejected unparsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
/** Many proxies cap a request header at 8 KiB (nginx `large_client_header_buffers 4 8k`). */
const PROXY_HEADER_LIMIT = 8 * 1024;

const SHRINK =
  'Make the token smaller: drop mappers that copy large data (groups, full role lists, ' +
  'attributes) or use Keycloak lightweight access tokens (roles then come from introspection).';

/** Three base64url parts, a JSON header and payload, and a size that fits. */
export const tokenStructure: Check = {
  id: 'token-structure',
  title: 'Token structure',
  needs: [],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    const shape = inspectToken(ctx.options.token ?? '');
    ctx.shape = shape;
    const hasCredentials = ctx.options.clientId !== undefined;
    switch (shape.kind) {
      case 'jwe':
        return fail(
          'an encrypted token (JWE, 5 parts)',
          'realmguard verifies signed (JWS) access tokens: switch token encryption off for ' +
            'the client that requests the token.',
        );
      case 'malformed':
        return fail(
          `not a well-formed JWT: ${shape.reason}`,
          'Pass the access_token value of the token response exactly: no quotes or line ' +
            'breaks, not truncated (log lines often cut tokens).',
        );
      case 'opaque':
        return hasCredentials
          ? warn('an opaque token (not a JWT): only introspection can check it')
          : fail(
              'an opaque token (not a JWT): it can only be checked by introspection',
              'Pass --client-id and --client-secret of a confidential client to introspect it ' +
                '(and configure the API with introspection), or send a JWT access token.',
            );
      case 'jws':
        break;
    }
    ctx.jws = shape;
    const summary = `a JWS: 3 parts, JSON header and payload, ${shape.size} bytes`;
    if (shape.size > MAX_TOKEN_LENGTH) {
      return fail(
        `${summary}, larger than ${MAX_TOKEN_LENGTH} (realmguard's maxTokenLength)`,
        `${SHRINK} Raise maxTokenLength only if every proxy on the way accepts such headers.`,
      );
    }
    if (shape.size > PROXY_HEADER_LIMIT) {
      return warn(
        `${summary}: over 8 KiB, which many proxies refuse in a header`,
        `${SHRINK} Or raise the proxy's header limit (nginx large_client_header_buffers).`,
      );
    }
    return pass(summary);
  },
};
