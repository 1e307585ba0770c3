import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import {
  permission,
  role,
  scope,
  type Policy as CorePolicy,
  type Principal,
  type RoleSpec,
} from '@realmguard/core';
import { defaultGetRequest, type AuthenticatedRequest } from './options.js';

/** Metadata keys the guard reads (on the controller class and on the handler). */
export const PUBLIC_KEY = 'realmguard:public';
export const OPTIONAL_KEY = 'realmguard:optional';
export const POLICY_KEYS = [
  'realmguard:roles',
  'realmguard:scopes',
  'realmguard:permissions',
  'realmguard:policy',
] as const;
const [ROLES, SCOPES, PERMISSIONS, POLICY] = POLICY_KEYS;

/**
 * No authentication for this handler (or every handler of this controller that has no
 * requirement of its own). On a handler, it wins over the controller's decorators.
 *
 * @example
 * ```ts
 * @Public() @Get('health') health() { return { ok: true }; }
 * ```
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Authenticates only when a token is sent: without one the handler runs and `@Auth()` is
 * `undefined`; an invalid token is still a 401. Requirements still need a principal.
 *
 * @example
 * ```ts
 * @OptionalAuth() @Get('catalog') catalog(@Auth() auth?: Principal) {}
 * ```
 */
export const OptionalAuth = () => SetMetadata(OPTIONAL_KEY, true);

/**
 * Requires every listed role (`'admin'` or `'realm:admin'` realm role, `'orders-api:editor'`
 * client role); for alternatives use `@Policy(anyOf(role('a'), role('b')))`.
 *
 * @example
 * ```ts
 * @Roles('orders-api:editor') @Delete(':id') remove() {}
 * ```
 */
export const Roles = (...roles: RoleSpec[]) => SetMetadata(ROLES, role(...roles));

/**
 * Requires every listed scope: 403 `insufficient_scope` with the `scope` attribute otherwise.
 *
 * @example
 * ```ts
 * @Scopes('orders:read') @Get() list() {}
 * ```
 */
export const Scopes = (...scopes: string[]) => SetMetadata(SCOPES, scope(...scopes));

/**
 * Requires Keycloak Authorization Services (UMA) to grant each permission (`resource#scope`).
 *
 * @example
 * ```ts
 * @Permissions('orders#cancel') @Post(':id/cancel') cancel() {}
 * ```
 */
export const Permissions = (...permissions: string[]) =>
  SetMetadata(PERMISSIONS, permission(...permissions));

/**
 * Requires a policy of `@realmguard/core` (`role`, `scope`, `claim`, `allOf`, `anyOf`).
 *
 * @example
 * ```ts
 * @Policy(anyOf(role('admin'), role('orders-api:editor'))) @Get('reports') reports() {}
 * ```
 */
export const Policy = (policy: CorePolicy) => SetMetadata(POLICY, policy);

/** Where the guard found each context's request, when a custom `getRequest` found it. */
export const requests = new WeakMap<object, object>();

/**
 * The verified principal of the request (`undefined` on `@Public()` and `@OptionalAuth()`
 * handlers without a token).
 *
 * @example
 * ```ts
 * @Get('me') me(@Auth() auth: Principal) { return { user: auth.username }; }
 * ```
 */
export const Auth = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => {
    const request = requests.get(context.getArgs()) ?? defaultGetRequest(context);
    return (request as AuthenticatedRequest | undefined)?.auth;
  },
);
