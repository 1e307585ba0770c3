/**
 * Explains how two issuer URLs differ, in Keycloak's terms. The issuer is compared as an exact
 * string, so `https` vs `http`, another host or port, the legacy `/auth` context path, a trailing
 * slash or another realm all make a token (or a discovery document) foreign.
 */

/** One way the two issuers differ, and what it means for Keycloak. */
export interface IssuerDifference {
  readonly part: 'scheme' | 'host' | 'port' | 'context path' | 'realm' | 'trailing slash' | 'path';
  /** `https vs http`: configured value first. */
  readonly values: string;
  readonly meaning: string;
}

interface IssuerParts {
  scheme: string;
  host: string;
  port: string;
  prefix: string;
  realm: string | undefined;
  trailingSlash: boolean;
  path: string;
}

function partsOf(issuer: string): IssuerParts | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return undefined;
  }
  const path = url.pathname;
  const match = /^(.*?)\/realms\/([^/]+)\/?$/.exec(path);
  return {
    scheme: url.protocol.replace(/:$/, ''),
    host: url.hostname,
    port: url.port || `${url.protocol === 'https:' ? '443' : '80'} (default)`,
    prefix: match ? (match[1] ?? '') : path.replace(/\/$/, ''),
    realm: match?.[2],
    trailingSlash: path.length > 1 && path.endsWith('/'),
    path,
  };
}

const SCHEME =
  'Keycloak builds the issuer from its frontend URL. Behind a reverse proxy that terminates TLS it ' +
  'sees plain http unless told otherwise: set KC_HOSTNAME to the public https URL, or let it ' +
  'trust the proxy (KC_PROXY_HEADERS=xforwarded, or --proxy=edge before Keycloak 24).';
const HOST =
  'The issuer carries the host name the token was requested through, unless a fixed frontend ' +
  "URL is set. Set KC_HOSTNAME (or the realm's Frontend URL) so every client gets one issuer, " +
  'and configure the API with that issuer. The API reads the discovery document at the issuer ' +
  'URL, so it must reach that host; the certs and introspection endpoints follow the metadata ' +
  'and may use an internal (backend) URL.';
const PORT =
  'The issuer carries the port the token was requested through. Request tokens through the ' +
  'public URL, or set KC_HOSTNAME with the public port (KC_HOSTNAME_PORT before Keycloak 25).';
const CONTEXT_PATH =
  'Keycloak 17 and later serve at the root (…/realms/<realm>); older versions, and newer ones ' +
  'started with --http-relative-path=/auth (KC_HTTP_RELATIVE_PATH), serve under /auth. Use the ' +
  'issuer exactly as the discovery document states it.';
const TRAILING_SLASH =
  'Keycloak issuers never end with a slash and iss is compared as an exact string: remove the ' +
  'trailing slash.';
const REALM =
  'The realm differs: the token was issued by another realm (realm names are case-sensitive). ' +
  'Request the token from the realm the API trusts, or configure the API with that realm.';
const PATH = 'The path differs: use the issuer exactly as the discovery document states it.';

/**
 * How `other` differs from the `configured` issuer. Empty when they are equal; a single `path`
 * difference when they differ in some other way (or either is not a URL).
 */
export function issuerDifferences(configured: string, other: string): IssuerDifference[] {
  if (configured === other) return [];
  const a = partsOf(configured);
  const b = partsOf(other);
  if (!a || !b) return [{ part: 'path', values: `${configured} vs ${other}`, meaning: PATH }];
  const out: IssuerDifference[] = [];
  const vs = (x: string, y: string) => `${x} vs ${y}`;
  if (a.scheme !== b.scheme)
    out.push({ part: 'scheme', values: vs(a.scheme, b.scheme), meaning: SCHEME });
  if (a.host !== b.host) out.push({ part: 'host', values: vs(a.host, b.host), meaning: HOST });
  if (a.port !== b.port && !(a.port.endsWith('(default)') && b.port.endsWith('(default)'))) {
    out.push({ part: 'port', values: vs(a.port, b.port), meaning: PORT });
  }
  if (a.prefix !== b.prefix) {
    const show = (prefix: string) => (prefix === '' ? '(none)' : prefix);
    const isAuth = (prefix: string) => prefix === '' || prefix === '/auth';
    out.push({
      part: 'context path',
      values: vs(show(a.prefix), show(b.prefix)),
      meaning: isAuth(a.prefix) && isAuth(b.prefix) ? CONTEXT_PATH : PATH,
    });
  }
  if (a.realm !== b.realm) {
    out.push({
      part: 'realm',
      values: vs(a.realm ?? '(none)', b.realm ?? '(none)'),
      meaning: REALM,
    });
  }
  if (a.trailingSlash !== b.trailingSlash) {
    const show = (slash: boolean) => (slash ? 'with' : 'without');
    out.push({
      part: 'trailing slash',
      values: vs(show(a.trailingSlash), show(b.trailingSlash)),
      meaning: TRAILING_SLASH,
    });
  }
  if (out.length === 0) {
    out.push({ part: 'path', values: vs(a.path, b.path), meaning: PATH });
  }
  return out;
}

/** `host (a vs b), context path (/auth vs (none))`. */
export function describeDifferences(differences: readonly IssuerDifference[]): string {
  return differences.map((d) => `${d.part} (${d.values})`).join(', ');
}

/** The meanings, one per line, without repeats. */
export function explainDifferences(differences: readonly IssuerDifference[]): string {
  return [...new Set(differences.map((d) => d.meaning))].join('\n');
}
