import type { ExecutionContext } from '@nestjs/common';
import type { Principal, Verifier, VerifierOptions } from '@realmguard/core';
import { guardConfig, type GuardConfig } from '@realmguard/core/adapter';

/**
 * Injection token of the resolved {@link RealmguardConfig}.
 *
 * @example
 * ```ts
 * constructor(@Inject(REALMGUARD_CONFIG) private readonly config: RealmguardConfig) {}
 * ```
 */
export const REALMGUARD_CONFIG = Symbol('realmguard.config');
/**
 * Injection token of the module's verifier (for health checks: `verifier.stats()`).
 *
 * @example
 * ```ts
 * @Controller('healthz')
 * class Health {
 *   constructor(@Inject(REALMGUARD_VERIFIER) private readonly verifier: Verifier) {}
 *   @Get() stats() {
 *     return this.verifier.stats();
 *   }
 * }
 * ```
 */
export const REALMGUARD_VERIFIER = Symbol('realmguard.verifier');

/** The request object the principal lives on (`request.auth`). */
export interface AuthenticatedRequest {
  auth?: Principal;
}

/** Finds the request of an execution context (HTTP, GraphQL, or your own transport). */
export type GetRequest = (context: ExecutionContext) => object | undefined;

/** Options of the module besides the verifier options (or the shared `verifier`). */
export interface RealmguardModuleExtras {
  /** No credential → the route runs without a principal, unless it has requirements. */
  optional?: boolean;
  /**
   * The request of a context the default does not know. The default finds HTTP requests (Express
   * and Fastify platforms) and GraphQL requests (`context.req`, `context.request` or
   * `context.reply.request` of the GraphQL context, as Apollo and Mercurius give them).
   */
  getRequest?: GetRequest;
}

/** What `RealmguardModule.forRoot` accepts: verifier options, or `{ verifier }` to share one. */
export type RealmguardModuleOptions = (VerifierOptions | { verifier: Verifier }) &
  RealmguardModuleExtras;

/** The module's options, resolved once: what the guard reads. */
export interface RealmguardConfig {
  readonly required: GuardConfig;
  readonly optional: GuardConfig;
  /** `required` or `optional`, as the module's `optional` option says. */
  readonly byDefault: GuardConfig;
  readonly getRequest: GetRequest;
}

interface GraphqlContext {
  req?: object;
  request?: object;
  reply?: { request?: object };
}

/**
 * The default {@link GetRequest}: the HTTP request, or the request of a GraphQL context.
 *
 * @example
 * ```ts
 * RealmguardModule.forRoot({ issuer, audience, getRequest: (context) => defaultGetRequest(context) });
 * ```
 */
export function defaultGetRequest(context: ExecutionContext): object | undefined {
  const type = context.getType<string>();
  if (type === 'http') return context.switchToHttp().getRequest<object>();
  if (type !== 'graphql') return undefined;
  const graphql = context.getArgByIndex<GraphqlContext | undefined>(2);
  return graphql?.req ?? graphql?.request ?? graphql?.reply?.request;
}

/**
 * Resolves the module options: creates the verifier once (unless one is given).
 *
 * @example
 * ```ts
 * const config = resolveConfig({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
 * config.verifier.stats();
 * ```
 */
export function resolveConfig(options: RealmguardModuleOptions): RealmguardConfig {
  const { verifier, optional, getRequest, ...verifierOptions } = options as Partial<
    { verifier: Verifier } & RealmguardModuleExtras
  > &
    VerifierOptions;
  const required = guardConfig<never>(verifier ?? verifierOptions);
  const lenient = guardConfig<never>(required.verifier, { optional: true });
  return {
    required,
    optional: lenient,
    byDefault: optional === true ? lenient : required,
    getRequest: getRequest ?? defaultGetRequest,
  };
}
