import type { Check } from '../types.js';
import { clientRoles, hasRoleClaims, realmRoles, wrongKindShown } from './claims.js';
import { list, notJwt, pass, skip, warn } from './outcome.js';

function describeRoles(
  claims: Readonly<Record<string, unknown>>,
  client: string | undefined,
): string {
  const realm = `realm roles: ${list(realmRoles(claims) ?? [])}`;
  if (client === undefined) return realm;
  return `${realm}; ${client} client roles: ${list(clientRoles(claims, client) ?? [])}`;
}

const MISSING =
  'Keycloak lightweight access tokens (client switch "Always use lightweight access token", ' +
  'Keycloak 24+) carry no roles: role checks need introspection (realmguard: the introspection ' +
  'option; here: --client-id/--client-secret). Otherwise the "roles" client scope is missing: ' +
  'Clients → client → Client scopes → Add client scope → roles, as Default.';

/** realm_access / resource_access present (listed), or a lightweight-token hint. */
export const roles: Check = {
  id: 'roles',
  title: 'Roles present',
  needs: ['token-structure'],
  needsToken: true,
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const { payload } = ctx.jws;
    const kind = wrongKindShown(payload);
    if (kind !== undefined) return skip(`not an access token (typ ${kind}): see "Token type"`);
    const client =
      ctx.options.audience ?? (typeof payload.azp === 'string' ? payload.azp : undefined);
    if (hasRoleClaims(payload)) return pass(describeRoles(payload, client));
    const lightweight =
      payload.sub === undefined ? ' (no sub either: a Keycloak lightweight access token)' : '';
    let fromIntrospection = '';
    if (ctx.options.clientId !== undefined) {
      const answer = await ctx.introspect();
      if (answer.kind === 'active' && hasRoleClaims(answer.claims)) {
        fromIntrospection = `; introspection gives ${describeRoles(answer.claims, client)}`;
      }
    }
    return warn(
      `no realm_access or resource_access claim${lightweight}${fromIntrospection}`,
      MISSING,
    );
  },
};
