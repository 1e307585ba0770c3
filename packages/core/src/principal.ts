import type { JWTPayload } from 'jose';
import { audienceList } from './audience.js';
import { confirmationOf, type Confirmation } from './dpop/confirmation.js';
import { boundTokenUserinfo } from './userinfo.js';

/**
 * A role requirement. `'admin'` and `'realm:admin'` name a realm role; `'orders-api:editor'` names
 * the client role `editor` of client `orders-api` (split at the last colon). The object forms
 * serve names that contain colons.
 */
export type RoleSpec = string | { realm: string } | { client: string; role: string };

/** Where a principal's claims came from. */
export type PrincipalSource = 'jwt' | 'introspection';

/** A parsed role spec. */
export type ParsedRole =
  { kind: 'realm'; role: string } | { kind: 'client'; client: string; role: string };

/**
 * Parses a {@link RoleSpec}: `'admin'` and `'realm:admin'` are realm roles, `'client:role'` a
 * client role.
 *
 * @example
 * ```ts
 * parseRole('orders-api:editor'); // { kind: 'client', client: 'orders-api', role: 'editor' }
 * parseRole('admin'); // { kind: 'realm', role: 'admin' }
 * ```
 */
export function parseRole(spec: RoleSpec): ParsedRole {
  if (typeof spec !== 'string') {
    return 'realm' in spec ? { kind: 'realm', role: spec.realm } : { kind: 'client', ...spec };
  }
  const colon = spec.lastIndexOf(':');
  if (colon <= 0) return { kind: 'realm', role: spec };
  const client = spec.slice(0, colon);
  const role = spec.slice(colon + 1);
  return client === 'realm' ? { kind: 'realm', role } : { kind: 'client', client, role };
}

function stringArray(value: unknown): readonly string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function scopesOf(payload: JWTPayload): readonly string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter(Boolean);
  // `scp` (array or string) is what some other OpenID Providers issue.
  const scp: unknown = payload.scp;
  if (typeof scp === 'string') return scp.split(' ').filter(Boolean);
  return stringArray(scp);
}

const EMPTY: readonly string[] = Object.freeze([]);
// Node's util.inspect.custom, without importing node:util.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** `exp` as a Date; an absent or unrepresentable `exp` (e.g. 1e300) gives an Invalid Date. */
function expiryOf(exp: unknown): Date {
  return new Date(typeof exp === 'number' ? exp * 1000 : 0);
}

/** An ISO date, or undefined for an Invalid Date (whose toISOString throws). */
function isoOrUndefined(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A permission granted by Keycloak Authorization Services (`response_mode=permissions`). */
export interface GrantedPermission {
  readonly rsid?: string;
  readonly rsname?: string;
  readonly scopes?: readonly string[];
}

/**
 * What a verifier lets a principal do with its token without exposing it: the links live in a
 * private field of the principal, never in a property (principals get logged, and JSON,
 * inspection and structured clones do not see private fields).
 */
export interface PrincipalLinks {
  /** The raw access token the principal was verified from (see `Principal.token`). */
  readonly token?: string;
  /** Full claims of a Keycloak lightweight token, from introspection. */
  complete?: () => Promise<Principal>;
  userinfo?: () => Promise<Record<string, unknown>>;
  hasPermission?: (permission: string) => Promise<boolean>;
  permissions?: () => Promise<readonly GrantedPermission[]>;
}

/**
 * Who made the request, as a verified token says: roles, scopes and claims. Immutable, shared
 * between requests that present the same token.
 *
 * @example
 * ```ts
 * const principal = await verifier.verify(token);
 * principal.hasRole('admin');              // realm role
 * principal.hasRole('orders-api:editor');  // client role
 * principal.clientRoles('orders-api');     // ['editor']
 * principal.hasScope('orders:read');
 * ```
 */
export class Principal {
  /** `sub`; absent in Keycloak lightweight access tokens. */
  readonly subject: string | undefined;
  /** `preferred_username` (Keycloak), else `username`, else `client_id` of service accounts. */
  readonly username: string | undefined;
  readonly issuer: string;
  /** `aud` as a list. */
  readonly audience: readonly string[];
  /** `azp`: the client the token was issued to. */
  readonly authorizedParty: string | undefined;
  /** `exp`; an Invalid Date when the claim cannot be represented as a date. */
  readonly expiresAt: Date;
  /** `realm_access.roles`. */
  readonly realmRoles: readonly string[];
  /** `scope`, split on spaces. */
  readonly scopes: readonly string[];
  /** Every claim of the token (or introspection response), frozen. */
  readonly claims: Readonly<JWTPayload>;
  readonly source: PrincipalSource;
  /**
   * What the token is bound to (`cnf`): `{ jkt }` for a DPoP-bound token (RFC 9449), `{
   * 'x5t#S256' }` for a certificate-bound one (RFC 8705); undefined for a plain bearer token.
   */
  readonly confirmation: Confirmation | undefined;
  /** The scheme the token was presented with: `DPoP` for a DPoP-bound token, else `Bearer`. */
  readonly scheme: 'Bearer' | 'DPoP';
  private readonly resourceAccess: Record<string, unknown> | undefined;
  readonly #links: PrincipalLinks | undefined;

  constructor(claims: JWTPayload, source: PrincipalSource = 'jwt', link?: PrincipalLinks) {
    this.#links = link;
    // A frozen claims set is used as it is (the verifier freezes the payloads it decoded).
    this.claims = Object.isFrozen(claims) ? claims : Object.freeze({ ...claims });
    this.source = source;
    this.subject = typeof claims.sub === 'string' ? claims.sub : undefined;
    const username = claims.preferred_username ?? claims.username ?? claims.client_id;
    this.username = typeof username === 'string' ? username : undefined;
    this.issuer = typeof claims.iss === 'string' ? claims.iss : '';
    this.audience = Object.freeze([...audienceList(claims)]);
    this.authorizedParty = typeof claims.azp === 'string' ? claims.azp : undefined;
    this.expiresAt = expiryOf(claims.exp);
    // stringArray and scopesOf return arrays of their own: frozen as they are, never copied.
    this.realmRoles = Object.freeze(stringArray(record(claims.realm_access)?.roles));
    this.scopes = Object.freeze(scopesOf(claims));
    this.resourceAccess = record(claims.resource_access);
    this.confirmation = confirmationOf(claims);
    this.scheme = this.confirmation?.jkt === undefined ? 'Bearer' : 'DPoP';
    Object.freeze(this);
  }

  /** The client roles of `clientId` (`resource_access[clientId].roles`). */
  clientRoles(clientId: string): readonly string[] {
    if (!this.resourceAccess || !Object.hasOwn(this.resourceAccess, clientId)) return EMPTY;
    return stringArray(record(this.resourceAccess[clientId])?.roles);
  }

  /** Whether the principal has the realm or client role `spec` names. */
  hasRole(spec: RoleSpec): boolean {
    const parsed = parseRole(spec);
    return parsed.kind === 'realm'
      ? this.realmRoles.includes(parsed.role)
      : this.clientRoles(parsed.client).includes(parsed.role);
  }

  /** Whether the token was granted `scope`. */
  hasScope(scope: string): boolean {
    return this.scopes.includes(scope);
  }

  /**
   * The raw access token this principal was verified from, for relaying the caller's token to
   * another service; `undefined` for a principal not created by a verifier. Not a property: it
   * lives in a private field, so JSON, `util.inspect`, `String()` and `structuredClone` of the
   * principal never show it. Never log it.
   *
   * @example
   * ```ts
   * app.get('/orders', async (req, res) => {
   *   const upstream = await fetch('https://billing.internal/invoices', {
   *     headers: { authorization: `Bearer ${req.auth!.token}` },
   *   });
   *   res.status(upstream.status).json(await upstream.json());
   * });
   * ```
   */
  get token(): string | undefined {
    return this.#links?.token;
  }

  /**
   * Whether this is a Keycloak lightweight token (no role claims) that introspection can
   * complete. Role policies complete such principals on their own.
   */
  get incomplete(): boolean {
    return this.#links?.complete !== undefined;
  }

  /**
   * The principal with every claim: for a Keycloak lightweight token, the claims introspection
   * returns (cached with the token); otherwise this principal.
   */
  complete(): Promise<Principal> {
    const link = this.#links;
    return link?.complete ? link.complete() : Promise.resolve(this);
  }

  /**
   * The OpenID Connect userinfo of the token's user, fetched once and cached with the token.
   * Not for a sender-constrained token (`confirmation` set): userinfo would need the client's
   * DPoP key or TLS certificate, so it rejects with a ConfigurationError and sends nothing.
   */
  userinfo(): Promise<Record<string, unknown>> {
    const link = this.#linked('userinfo');
    if (this.confirmation) return Promise.reject(boundTokenUserinfo(this.confirmation));
    return link.userinfo();
  }

  /**
   * Asks Keycloak Authorization Services whether the token grants `permission`
   * (`resource#scope`, `resource`, or `#scope`); decisions are cached per token.
   */
  hasPermission(permission: string): Promise<boolean> {
    return this.#linked('hasPermission').hasPermission(permission);
  }

  /** Every permission Keycloak Authorization Services grants the token. */
  permissions(): Promise<readonly GrantedPermission[]> {
    return this.#linked('permissions').permissions();
  }

  /** The links, when they have `name`; called as methods (links may be class instances). */
  #linked<K extends keyof PrincipalLinks>(name: K): Required<Pick<PrincipalLinks, K>> {
    const link = this.#links;
    if (!link?.[name])
      throw new TypeError(
        `principal.${name}() needs a principal created by a verifier that supports it`,
      );
    return link as Required<Pick<PrincipalLinks, K>>;
  }

  /**
   * A log-safe summary (no token, no personal claims beyond the username). Never throws:
   * `expiresAt` is left out when `exp` is not a representable date.
   */
  toJSON(): Record<string, unknown> {
    return {
      subject: this.subject,
      username: this.username,
      issuer: this.issuer,
      authorizedParty: this.authorizedParty,
      expiresAt: isoOrUndefined(this.expiresAt),
      realmRoles: this.realmRoles,
      scopes: this.scopes,
      source: this.source,
    };
  }

  /**
   * `util.inspect` shows the principal's own fields: with `showHidden` Node would also call the
   * `token` getter, and the token must never reach a log.
   */
  [INSPECT](
    _depth: number,
    options: object,
    inspect?: (value: unknown, options: object) => string,
  ): string {
    const fields = { ...this };
    return `Principal ${inspect ? inspect(fields, options) : JSON.stringify(this)}`;
  }
}
