import type { Check } from '../types.js';
import { audiences } from './claims.js';
import { fail, pass, show, skip, warn } from './outcome.js';

/** RFC 7662 introspection with the given client credentials: active, inactive, or refused. */
export const introspection: Check = {
  id: 'introspection',
  title: 'Introspection',
  needs: ['issuer-reachable'],
  needsToken: true,
  async run(ctx) {
    const clientId = ctx.options.clientId;
    if (clientId === undefined) return skip('no --client-id/--client-secret given');
    const answer = await ctx.introspect();
    switch (answer.kind) {
      case 'no-credentials':
        return skip('no --client-id/--client-secret given');
      case 'no-endpoint':
        return fail(
          'the discovery document has no "introspection_endpoint"',
          'This provider does not offer RFC 7662 introspection.',
        );
      case 'unreachable':
        return fail(
          `no answer: ${answer.error}`,
          'Check that this machine reaches the introspection endpoint of the metadata.',
        );
      case 'refused':
        return fail(
          `HTTP ${answer.status}: the identity provider refused client "${clientId}"`,
          'The client credentials are wrong: check --client-id and --client-secret (Clients → ' +
            'client → Credentials), and that the client is confidential (Client authentication ' +
            'ON); public clients cannot introspect.',
        );
      case 'unexpected':
        return fail(
          `unexpected answer (HTTP ${answer.status ?? 'none'})`,
          'The endpoint did not answer as RFC 7662 says: check the identity provider.',
        );
      case 'inactive': {
        const payload = ctx.jws?.payload;
        const inAud = payload ? audiences(payload)?.includes(clientId) : undefined;
        const audienceRule =
          inAud === false
            ? `\nKeycloak 26.6.2 and later also answer inactive when the introspecting client ` +
              `"${clientId}" is not in the token's aud: add an Audience mapper for "${clientId}" ` +
              '(Clients → the client that requests the token → Client scopes → its dedicated ' +
              'scope → Add mapper → By configuration → Audience), or introspect as a client ' +
              'that is in aud.'
            : '';
        const fix =
          'The token is expired, revoked, its session was logged out, its user or client is ' +
          `disabled, or this realm does not know it.${audienceRule}`;
        const verdict = await ctx.verdict();
        // Local verification does not ask the IdP: only a verifier that introspects rejects it.
        return verdict.accepted
          ? warn(
              '{"active":false}: the identity provider no longer accepts this token, though it ' +
                'verifies locally (a verifier with introspection use "always" rejects it)',
              fix,
            )
          : fail('{"active":false}', fix);
      }
      case 'active': {
        const { claims } = answer;
        const facts = ['client_id', 'username', 'token_type']
          .filter((name) => claims[name] !== undefined)
          .map((name) => `${name} ${show(claims[name])}`);
        return pass(`active${facts.length ? `: ${facts.join(', ')}` : ''}`);
      }
    }
  },
};
