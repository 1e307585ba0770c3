/**
 * The contract's routes as a plain Fetch API handler over the framework-free Web guard of
 * `@realmguard/core`. Web APIs only, so it also runs inside an edge-runtime sandbox.
 *
 * @example
 * ```ts
 * const handle = webGuardHandler({ verifierOptions });
 * const response = await handle(new Request('https://api.test/admin'));
 * ```
 */
import {
  createGuard,
  createVerifier,
  permission,
  role,
  scope,
  type GuardErrorHandler,
  type Policy,
  type Principal,
} from '@realmguard/core';
import type { ContractServerOptions } from './contract.js';
import { reports } from './policies.js';

/** Builds the guards once and returns the request handler. */
export function webGuardHandler({
  verifierOptions,
  onError,
}: ContractServerOptions): (request: Request) => Promise<Response> {
  const errors: { onError?: GuardErrorHandler } = onError
    ? {
        onError(error) {
          const { status, headers, body } = onError(error);
          return Response.json(body, { status, headers });
        },
      }
    : {};
  const guard = createGuard({ ...verifierOptions, ...errors });
  const optional = createGuard(createVerifier(verifierOptions), { optional: true, ...errors });
  const routes: Record<string, [typeof optional, Policy?]> = {
    '/me': [guard],
    '/admin': [guard, role('admin')],
    '/editor': [guard, role('orders-api:editor')],
    '/scope': [guard, scope('orders:read')],
    '/policy': [guard, reports],
    '/permission': [guard, permission('orders#cancel')],
    '/solo': [guard, role('admin')],
    '/optional': [optional],
    '/optional/admin': [optional, role('admin')],
  };
  return async (request) => {
    const route = routes[new URL(request.url).pathname];
    if (!route) return new Response('not found', { status: 404 });
    const result: Principal | undefined | Response = await route[0](request, route[1]);
    return result instanceof Response ? result : Response.json({ user: result?.username ?? null });
  };
}
