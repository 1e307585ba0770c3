/**
 * Authorization Services (UMA) model of a realm: one resource server, its resources and scopes,
 * and permissions that grant scopes to roles or users. Evaluation follows Keycloak's outcome
 * (§1.8): the granted `[{rsid, rsname, scopes}]`, and a request is granted when any requested
 * permission is.
 *
 * @module
 */
import { uuid } from './encoding.js';
import type { ResolvedRealm } from './model.js';
import type { RoleHolder } from './scopes-roles.js';
import { realmRoles, resourceAccess } from './scopes-roles.js';

/** A protected resource of the resource server. */
export interface ResourceModel {
  name: string;
  /** `rsid`; default a random UUID. */
  id?: string;
  type?: string;
  scopes: string[];
}

/**
 * A permission: grants `scopes` (default: every scope of the resource) on `resource` (a name or
 * id) to subjects holding any listed realm role, client role, or username.
 */
export interface PermissionModel {
  resource: string;
  scopes?: string[];
  realmRoles?: string[];
  /** `{ clientId: roles }` */
  clientRoles?: Record<string, string[]>;
  /** Usernames (service accounts: `service-account-<clientId>`). */
  users?: string[];
}

/**
 * `RealmModel.authorization`: the resource server (a client id) with Authorization Services on.
 *
 * @example
 * ```ts
 * await kc.createRealm({ authorization: { resourceServer: 'orders-api', resources: [...], permissions: [...] } });
 * ```
 */
export interface AuthorizationModel {
  resourceServer: string;
  resources: ResourceModel[];
  permissions: PermissionModel[];
}

/** The model with resource ids filled in. */
export interface ResolvedAuthorization {
  resourceServer: string;
  resources: (ResourceModel & { id: string })[];
  permissions: PermissionModel[];
}

/** One granted permission, as Keycloak serializes it (`scopes` omitted when empty). */
export interface GrantedPermission {
  rsid: string;
  rsname: string;
  scopes?: string[];
}

/**
 * The demo model: `orders-api` protects `orders` (read, write, cancel) and `reports` (view).
 *
 * @example
 * ```ts
 * // the demo realm's authorization, plus one resource of your own
 * await kc.createRealm({
 *   authorization: {
 *     ...DEMO_AUTHORIZATION,
 *     resources: [...DEMO_AUTHORIZATION.resources, { name: 'invoices', scopes: ['view'] }],
 *   },
 * });
 * ```
 */
export const DEMO_AUTHORIZATION: AuthorizationModel = {
  resourceServer: 'orders-api',
  resources: [
    { name: 'orders', type: 'urn:orders-api:resources:order', scopes: ['read', 'write', 'cancel'] },
    { name: 'reports', type: 'urn:orders-api:resources:report', scopes: ['view'] },
  ],
  permissions: [
    { resource: 'orders', scopes: ['read'], realmRoles: ['viewer'] },
    { resource: 'orders', scopes: ['read', 'write'], clientRoles: { 'orders-api': ['editor'] } },
    { resource: 'orders', realmRoles: ['admin'] },
    { resource: 'reports', realmRoles: ['admin'] },
  ],
};

/**
 * Fills in resource ids.
 *
 * @example
 * ```ts
 * resolveAuthorization(DEMO_AUTHORIZATION).resources[0].id; // a UUID
 * ```
 */
export function resolveAuthorization(model: AuthorizationModel): ResolvedAuthorization {
  return {
    resourceServer: model.resourceServer,
    resources: model.resources.map((r) => ({ ...r, id: r.id ?? uuid(), scopes: [...r.scopes] })),
    permissions: model.permissions.map((p) => ({ ...p })),
  };
}

/** A `permission` form value: `resource`, `resource#s1,s2` or `#scope`. */
export interface RequestedPermission {
  resource?: string;
  scopes: string[];
}

/**
 * Parses `permission` form values as Keycloak does (`RESOURCE#SCOPE1,SCOPE2`).
 *
 * @example
 * ```ts
 * parsePermission('orders#read,write'); // { resource: 'orders', scopes: ['read', 'write'] }
 * ```
 */
export function parsePermission(value: string): RequestedPermission {
  const hash = value.indexOf('#');
  const resource = (hash < 0 ? value : value.slice(0, hash)).trim();
  const scopes = hash < 0 ? [] : value.slice(hash + 1).split(',');
  return {
    ...(resource ? { resource } : {}),
    scopes: scopes.map((s) => s.trim()).filter(Boolean),
  };
}

/** A request the model cannot answer (`invalid_resource` / `invalid_scope`, HTTP 400). */
export class PermissionRequestError extends Error {
  constructor(
    readonly error: 'invalid_resource' | 'invalid_scope',
    description: string,
  ) {
    super(description);
    this.name = 'PermissionRequestError';
  }
}

/** Who asks: a user or a service-account user. */
export interface Requester {
  username: string;
  holder: RoleHolder;
}

function matches(realm: ResolvedRealm, permission: PermissionModel, who: Requester): boolean {
  if (permission.users?.includes(who.username)) return true;
  const roles = realmRoles(realm, who.holder);
  if (permission.realmRoles?.some((r) => roles.includes(r))) return true;
  const access = resourceAccess(realm, who.holder);
  return Object.entries(permission.clientRoles ?? {}).some(([clientId, wanted]) =>
    wanted.some((r) => access[clientId]?.roles.includes(r)),
  );
}

/**
 * Evaluates requested permissions (none = everything) for a requester and returns what is
 * granted, one entry per resource in model order.
 *
 * @example
 * ```ts
 * evaluate(realm, authz, [parsePermission('orders#read')], bob); // [{ rsid, rsname: 'orders', scopes: ['read'] }]
 * ```
 */
export function evaluate(
  realm: ResolvedRealm,
  authz: ResolvedAuthorization,
  requested: RequestedPermission[],
  who: Requester,
): GrantedPermission[] {
  const wanted = new Map<string, Set<string>>();
  const want = (id: string, scopes: string[]): void => {
    const set = wanted.get(id) ?? new Set<string>();
    for (const s of scopes) set.add(s);
    wanted.set(id, set);
  };
  if (requested.length === 0) for (const r of authz.resources) want(r.id, r.scopes);
  // Keycloak's AuthorizationTokenService, per requested permission: the scopes first (they are
  // the resource server's, not the resource's: none known → invalid_scope), then the resource; a
  // resource that is unknown, or holds none of the known scopes asked for, adds nothing, and
  // when nothing at all has been added so far the answer is invalid_resource.
  const serverScopes = new Set(authz.resources.flatMap((r) => r.scopes));
  for (const req of requested) {
    const scopes = req.scopes.filter((s) => serverScopes.has(s));
    if (req.scopes.length > 0 && scopes.length === 0) {
      throw new PermissionRequestError(
        'invalid_scope',
        `One of the given scopes [${req.scopes.join(', ')}] is invalid`,
      );
    }
    if (req.resource !== undefined) {
      const resource = authz.resources.find(
        (r) => r.id === req.resource || r.name === req.resource,
      );
      const held = resource?.scopes.filter((s) => scopes.includes(s)) ?? [];
      if (resource && (scopes.length === 0 || held.length > 0)) {
        want(resource.id, scopes.length > 0 ? held : resource.scopes);
      }
      if (wanted.size === 0) {
        throw new PermissionRequestError(
          'invalid_resource',
          `Resource with id [${req.resource}] does not exist.`,
        );
      }
    } else {
      for (const r of authz.resources.filter((r) => scopes.some((s) => r.scopes.includes(s)))) {
        want(r.id, scopes);
      }
    }
  }
  const granted: GrantedPermission[] = [];
  for (const resource of authz.resources) {
    const asked = wanted.get(resource.id);
    if (!asked) continue;
    const allowed = new Set<string>();
    let any = false;
    for (const permission of authz.permissions) {
      if (permission.resource !== resource.name && permission.resource !== resource.id) continue;
      if (!matches(realm, permission, who)) continue;
      any = true;
      for (const s of permission.scopes ?? resource.scopes) allowed.add(s);
    }
    const scopes = resource.scopes.filter((s) => asked.has(s) && allowed.has(s));
    if (scopes.length > 0 || (any && resource.scopes.length === 0)) {
      granted.push({
        rsid: resource.id,
        rsname: resource.name,
        ...(scopes.length > 0 ? { scopes } : {}),
      });
    }
  }
  return granted;
}
