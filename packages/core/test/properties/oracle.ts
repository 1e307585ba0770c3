/**
 * The independent oracle of the property suites: what a correct verifier must refuse, computed
 * without realmguard's code. A JWT is judged by jose's `jwtVerify` with the verifier's options
 * plus the Keycloak rules; an introspection answer by RFC 7662 and the same rules; a principal
 * by reading the claims' own members only (never a prototype).
 *
 * @example
 * ```ts
 * const verdict = await jwtOracle(token, { jwks, issuers, audience: 'orders-api', … });
 * if (principal && !verdict.ok) throw new Error(verdict.reason);
 * ```
 */
import { base64url, createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { DEFAULT_ALGORITHMS, type Principal } from '../../src/index.js';
import { repeatsMember } from './json-text.js';

export interface OracleOptions {
  issuers: readonly string[];
  audience: string | false;
  acceptAuthorizedParty: boolean;
  clockTolerance: number;
  /** Clock ms. */
  now: number;
}

export type Verdict = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

const no = (reason: string): Verdict => ({ ok: false, reason });
type Claims = Record<string, unknown>;

const isRecord = (value: unknown): value is Claims =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An own member, never an inherited one. */
export function own(value: unknown, name: string): unknown {
  return isRecord(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}

/** Largest |seconds| a Date can represent (finding 10: time claims outside it are refused). */
const DATE_RANGE_SECONDS = 8.64e12;

/** The Keycloak and RFC rules on claims that jose does not check itself. */
function claimRules(claims: Claims, o: OracleOptions, introspected: boolean): Verdict {
  const typ = own(claims, 'typ');
  // Keycloak's token kind: only bearer access tokens (ID, Refresh, Logout, DPoP are refused).
  if (typ !== undefined && (typeof typ !== 'string' || typ.toLowerCase() !== 'bearer')) {
    return no(`payload typ ${JSON.stringify(typ)} is not Bearer`);
  }
  for (const name of ['exp', 'nbf', 'iat']) {
    const value = own(claims, name);
    if (typeof value === 'number' && !(Math.abs(value) <= DATE_RANGE_SECONDS)) {
      return no(`${name} ${value} is outside the range of a Date (finding 10)`);
    }
  }
  const exp = own(claims, 'exp');
  if (typeof exp !== 'number') return no('exp is missing or not a number');
  if (exp * 1000 <= o.now - o.clockTolerance * 1000) return no('expired');
  const iat = own(claims, 'iat');
  if (!introspected && typeof iat === 'number' && iat > o.now / 1000 + o.clockTolerance) {
    return no('issued in the future');
  }
  const iss = own(claims, 'iss');
  if (
    !(typeof iss === 'string' && o.issuers.includes(iss)) &&
    !(introspected && iss === undefined)
  ) {
    return no('untrusted or missing iss');
  }
  if (o.audience === false) return { ok: true, claims };
  const aud = own(claims, 'aud');
  let list: unknown[];
  if (aud === undefined) list = [];
  else if (typeof aud === 'string') list = [aud];
  else if (Array.isArray(aud) && aud.every((a) => typeof a === 'string')) list = aud;
  else return no('aud is neither a string nor an array of strings');
  if (list.includes(o.audience)) return { ok: true, claims };
  if (o.acceptAuthorizedParty && own(claims, 'azp') === o.audience) return { ok: true, claims };
  return no('audience: neither aud nor (when allowed) azp names the API');
}

const HEADER_TYPES = new Set(['jwt', 'at+jwt', 'application/at+jwt']);

/** jose's `jwtVerify` with the verifier's options, then the Keycloak rules. */
export async function jwtOracle(
  token: string,
  jwks: JSONWebKeySet,
  o: OracleOptions,
): Promise<Verdict> {
  let claims: Claims;
  let header: Claims;
  try {
    const result = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: [...o.issuers],
      algorithms: [...DEFAULT_ALGORITHMS],
      clockTolerance: o.clockTolerance,
      currentDate: new Date(o.now),
      requiredClaims: ['exp'],
    });
    claims = result.payload;
    header = result.protectedHeader;
  } catch (error) {
    return no(`jose: ${(error as Error).message}`);
  }
  const [h, p] = token.split('.');
  const text = (part: string) => new TextDecoder().decode(base64url.decode(part));
  // RFC 7519 §4 and realmguard's rule: parsers disagree on a repeated member, so refuse it.
  if (repeatsMember(text(h!)) || repeatsMember(text(p!))) return no('a member name repeats');
  const typ = own(header, 'typ');
  if (typ !== undefined && (typeof typ !== 'string' || !HEADER_TYPES.has(typ.toLowerCase()))) {
    return no('header typ is not that of an access token');
  }
  return claimRules(claims, o, false);
}

/**
 * RFC 7662 and the Keycloak rules on an introspection answer (status and body text). With
 * `claims: false` (a JWT whose own claims decide), only the answer's activity is judged.
 */
export function introspectionOracle(
  status: number,
  body: string,
  o: OracleOptions & { maxBytes: number; claims?: boolean },
): Verdict {
  if (status < 200 || status > 299) return no(`HTTP ${status}`);
  if (new TextEncoder().encode(body).length > o.maxBytes) {
    return no('answer larger than the response cap (finding 3)');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return no('not JSON');
  }
  if (!isRecord(json)) return no('not a JSON object');
  if (own(json, 'active') !== true) return no('not active');
  const tokenType = own(json, 'token_type');
  if (
    tokenType !== undefined &&
    (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')
  ) {
    return no('token_type is not Bearer (finding 1: non-string token_type)');
  }
  return o.claims === false ? { ok: true, claims: json } : claimRules(json, o, true);
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** What a principal built from `claims` must say, read from own members only. */
export function expectedPrincipal(claims: Claims, clientId = 'orders-api') {
  const scope = own(claims, 'scope');
  const scp = own(claims, 'scp');
  const aud = own(claims, 'aud');
  const exp = own(claims, 'exp');
  const sub = own(claims, 'sub');
  const username =
    own(claims, 'preferred_username') ?? own(claims, 'username') ?? own(claims, 'client_id');
  return {
    subject: typeof sub === 'string' ? sub : undefined,
    username: typeof username === 'string' ? username : undefined,
    audience: typeof aud === 'string' ? [aud] : aud === undefined ? [] : strings(aud),
    // A Date keeps whole milliseconds (TimeClip truncates).
    expiresAt: new Date((typeof exp === 'number' ? exp : 0) * 1000).getTime(),
    realmRoles: strings(own(own(claims, 'realm_access'), 'roles')),
    clientRoles: strings(own(own(own(claims, 'resource_access'), clientId), 'roles')),
    scopes:
      typeof scope === 'string'
        ? scope.split(' ').filter(Boolean)
        : typeof scp === 'string'
          ? scp.split(' ').filter(Boolean)
          : strings(scp),
  };
}

/** The same view of an actual principal. */
export function principalView(principal: Principal, clientId = 'orders-api') {
  return {
    subject: principal.subject,
    username: principal.username,
    audience: [...principal.audience],
    expiresAt: principal.expiresAt.getTime(),
    realmRoles: [...principal.realmRoles],
    clientRoles: [...principal.clientRoles(clientId)],
    scopes: [...principal.scopes],
  };
}
