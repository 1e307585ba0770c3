import { discoveryUrlOf } from '@realmguard/core';
import { isObject, request, type DiagnosticResponse } from '../http.js';
import type { Check, DoctorContext } from '../types.js';
import { fail, pass } from './outcome.js';

/** The same issuer with the legacy `/auth` context path toggled. */
export function toggleAuthPath(issuer: string): string | undefined {
  if (/\/auth\/realms\//.test(issuer)) return issuer.replace('/auth/realms/', '/realms/');
  if (/\/realms\//.test(issuer)) return issuer.replace('/realms/', '/auth/realms/');
  return undefined;
}

async function probe(ctx: DoctorContext, issuer: string): Promise<DiagnosticResponse> {
  return request(discoveryUrlOf(issuer), {
    method: 'GET',
    fetch: ctx.fetch,
    timeout: ctx.timeout,
    now: ctx.now,
  });
}

function errorText(json: unknown): string | undefined {
  return isObject(json) && typeof json.error === 'string' ? json.error : undefined;
}

async function notFoundFix(ctx: DoctorContext, response: DiagnosticResponse): Promise<string> {
  if (errorText(response.json) === 'Realm does not exist') {
    return (
      'Keycloak answers "Realm does not exist": the realm name in --issuer is wrong (realm ' +
      'names are case-sensitive). The issuer is <base>/realms/<realm>.'
    );
  }
  const toggled = toggleAuthPath(ctx.options.issuer);
  if (toggled !== undefined) {
    const other = await probe(ctx, toggled);
    if (other.status === 200 && isObject(other.json)) {
      const withAuth = toggled.includes('/auth/realms/');
      return (
        `The discovery document is found at ${toggled}: this Keycloak serves ` +
        (withAuth
          ? 'under the legacy /auth context path (Keycloak before 17, or --http-relative-path=/auth). '
          : 'at the root (Keycloak 17 and later), without /auth. ') +
        'Use the issuer exactly as that document states it.'
      );
    }
  }
  return (
    'Nothing answers at this path: check the base URL, the context path (/auth on Keycloak ' +
    'before 17 or with --http-relative-path=/auth) and the realm name. The issuer is ' +
    '<base>/realms/<realm>.'
  );
}

/** GET the discovery document of the configured issuer. */
export const issuerReachable: Check = {
  id: 'issuer-reachable',
  title: 'Issuer reachable',
  needs: [],
  needsToken: false,
  async run(ctx) {
    const response = await probe(ctx, ctx.options.issuer);
    ctx.discovery = response;
    const where = `GET ${response.url}`;
    if (response.status === undefined) {
      return fail(
        `${where}: ${response.error ?? 'no answer'}`,
        'Check that Keycloak is running and reachable from this machine at that host and port ' +
          '(proxy, firewall, VPN, container network). An API in a container must use a host ' +
          'name that resolves inside the container.',
      );
    }
    if (response.status >= 300 && response.status < 400) {
      return fail(
        `${where}: HTTP ${response.status} (redirect)`,
        'The issuer URL redirects (often http → https, or a missing context path): use the URL ' +
          'it redirects to. realmguard never follows redirects to fetch keys.',
      );
    }
    if (response.status === 404) {
      return fail(`${where}: HTTP 404`, await notFoundFix(ctx, response));
    }
    if (response.status !== 200) {
      return fail(
        `${where}: HTTP ${response.status}`,
        'The identity provider answers with an error: check its logs and health.',
      );
    }
    if (!isObject(response.json)) {
      return fail(
        `${where}: HTTP 200 but ${response.error ?? 'the answer is not a JSON object'}`,
        'This URL is not an OpenID Provider (a login page or a proxy answered?). The issuer is ' +
          '<base>/realms/<realm>.',
      );
    }
    ctx.metadata = response.json;
    return pass(`${where}: HTTP 200 in ${response.elapsedMs} ms`);
  },
};
