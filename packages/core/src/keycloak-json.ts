/**
 * keycloak.json (the Keycloak OIDC adapter configuration that keycloak-connect reads) turned into
 * verifier options, for teams moving from keycloak-connect or nest-keycloak-connect.
 *
 * Only the fields that decide how a bearer token is verified are read. Fields that only concern a
 * browser-login client are ignored; every other field is refused with a message that says what
 * to do instead, so that nothing the old adapter enforced is silently dropped.
 */
import { ConfigurationError } from './errors.js';
import type { VerifierOptions } from './options.js';

/** The fields of a keycloak.json that {@link fromKeycloakJson} understands. */
export interface KeycloakJson {
  realm: string;
  'auth-server-url': string;
  /** The client id of this API: the audience its tokens must name. */
  resource: string;
  /** `all`, `external` (Keycloak's default) or `none`: whether the server URL must be https. */
  'ssl-required'?: 'all' | 'external' | 'none';
  /** A confidential client's secret: enables introspection of opaque and lightweight tokens. */
  credentials?: { secret?: string };
  /** `true`: the token's `aud` must name `resource` (no `azp` fallback). */
  'verify-token-audience'?: boolean;
  /** Seconds between JWKS refetches triggered by an unknown `kid` (keycloak-connect's cooldown). */
  'min-time-between-jwks-requests'?: number;
  'bearer-only'?: boolean;
  'public-client'?: boolean;
  'confidential-port'?: number;
  'use-resource-role-mappings'?: boolean;
  [field: string]: unknown;
}

/** The fields read. */
const READ = new Set([
  'realm',
  'auth-server-url',
  'resource',
  'ssl-required',
  'credentials',
  'verify-token-audience',
  'min-time-between-jwks-requests',
]);

/** Browser-login fields: they change nothing about verifying a bearer token. */
const IGNORED = new Set([
  'bearer-only',
  'public-client',
  'confidential-port',
  'use-resource-role-mappings',
]);

/** keycloak-connect's camelCase spellings of keycloak.json fields. */
const ALIASES: Record<string, string> = {
  authServerUrl: 'auth-server-url',
  serverUrl: 'auth-server-url',
  'server-url': 'auth-server-url',
  clientId: 'resource',
  'client-id': 'resource',
  sslRequired: 'ssl-required',
  bearerOnly: 'bearer-only',
  realmPublicKey: 'realm-public-key',
  minTimeBetweenJwksRequests: 'min-time-between-jwks-requests',
};

/** What to do instead, for fields that would change verification and have no equivalent. */
const REFUSED: Record<string, string> = {
  'realm-public-key':
    'realmguard reads the realm keys from its JWKS and follows key rotation; remove the pinned key',
  'policy-enforcer':
    'use requirePermission("resource#scope") (or @Permissions in Nest) on the routes it protected',
};

const fail = (message: string): never => {
  throw new ConfigurationError(`realmguard: keycloak.json ${message}`);
};

function text(config: Record<string, unknown>, field: string): string {
  const value = config[field];
  if (typeof value !== 'string' || value.trim() === '') {
    return fail(`needs "${field}" (a non-empty string)`);
  }
  if (value.includes('${')) {
    fail(`"${field}" holds a \${env.…} reference: resolve it before passing the configuration`);
  }
  return value.trim();
}

/** Keycloak's "external": plain http only for localhost and private (RFC 1918) addresses. */
function isLocal(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.|^10\.|^192\.168\.|^172\.(1[6-9]|2\d|3[01])\./.test(hostname)
  );
}

function serverUrl(config: Record<string, unknown>): string {
  const raw = text(config, 'auth-server-url');
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    fail('"auth-server-url" is not an absolute URL (e.g. https://sso.example.com/)');
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    fail('"auth-server-url" must be an http(s) URL');
  }
  const ssl = config['ssl-required'] ?? 'external';
  if (ssl !== 'all' && ssl !== 'external' && ssl !== 'none') {
    fail('"ssl-required" must be "all", "external" or "none"');
  }
  if (
    url?.protocol === 'http:' &&
    (ssl === 'all' || (ssl === 'external' && !isLocal(url.hostname)))
  ) {
    fail(`has "ssl-required": "${String(ssl)}" but an http "auth-server-url": use https`);
  }
  return raw.replace(/\/+$/, '');
}

/** The configuration with keycloak-connect's aliases folded into the keycloak.json names. */
function canonical(json: unknown): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('must be an object (the parsed file)');
  }
  const config: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [field, value] of Object.entries(json)) {
    const name = ALIASES[field] ?? field;
    if (name in config && config[name] !== value) fail(`sets "${name}" twice, differently`);
    config[name] = value;
  }
  // keycloak-connect also takes the secret at the top level, as nest-keycloak-connect passes it.
  if ('secret' in config) {
    const credentials = config.credentials ?? {};
    if (typeof credentials !== 'object' || credentials === null)
      fail('"credentials" must be an object');
    const inner = (credentials as { secret?: unknown }).secret;
    if (inner !== undefined && inner !== config.secret)
      fail('sets the client secret twice, differently');
    config.credentials = { ...credentials, secret: config.secret };
    delete config.secret;
  }
  return config;
}

/**
 * Turns a keycloak.json (keycloak-connect's adapter configuration) into verifier options:
 * the issuer from `auth-server-url` and `realm`, the audience from `resource`, introspection with
 * `credentials.secret`, https enforced as `ssl-required` says, and keycloak-connect's JWKS
 * cooldown. Without `"verify-token-audience": true`, a token whose `aud` lacks `resource` is still
 * accepted when its `azp` is `resource` (keycloak-connect checked no audience at all). Browser
 * fields (`bearer-only`, `public-client`, `confidential-port`, `use-resource-role-mappings`) are
 * ignored; any other field is a ConfigurationError that says what to use instead. In Node, the
 * adapters' `fromKeycloakJson` also accepts the file's path.
 *
 * @throws ConfigurationError naming the field and the fix.
 * @example
 * ```ts
 * import { createVerifier, fromKeycloakJson } from '@realmguard/core';
 * import keycloakJson from './keycloak.json' with { type: 'json' };
 *
 * const verifier = createVerifier({ ...fromKeycloakJson(keycloakJson), cookie: 'KEYCLOAK_JWT' });
 * ```
 */
export function fromKeycloakJson(json: KeycloakJson | Record<string, unknown>): VerifierOptions {
  const config = canonical(json);
  for (const field of Object.keys(config)) {
    if (field in REFUSED) fail(`field "${field}" is not supported: ${REFUSED[field]}`);
    if (!READ.has(field) && !IGNORED.has(field)) {
      fail(`field "${field}" is not supported by realmguard: remove it, or ask for it in an issue`);
    }
  }
  const realm = text(config, 'realm');
  const resource = text(config, 'resource');
  const options: VerifierOptions = {
    issuer: `${serverUrl(config)}/realms/${encodeURIComponent(realm)}`,
    audience: resource,
    acceptAuthorizedParty: config['verify-token-audience'] !== true,
  };
  const credentials = config.credentials;
  if (credentials !== undefined) {
    if (typeof credentials !== 'object' || credentials === null)
      fail('"credentials" must be an object');
    const { secret, ...other } = credentials as Record<string, unknown>;
    const kinds = Object.keys(other);
    if (kinds.length > 0) {
      fail(`"credentials" of kind "${kinds.join('", "')}" are not supported: use "secret"`);
    }
    if (secret !== undefined) {
      const clientSecret = text({ secret }, 'secret');
      options.introspection = { clientId: resource, clientSecret };
    }
  }
  const seconds = config['min-time-between-jwks-requests'];
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      fail('"min-time-between-jwks-requests" must be a number of seconds >= 0');
    }
    options.keys = { cooldown: (seconds as number) * 1000 };
  }
  return options;
}
