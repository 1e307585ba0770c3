import {
  Inject,
  Injectable,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { allOf, ConfigurationError, type AuthError, type Policy } from '@realmguard/core';
import { guardRequest, nodeHeaders, type Framework } from '@realmguard/core/adapter';
import { AuthException } from './auth.exception.js';
import { nestCertificate, nestTarget } from './sender.js';
import { OPTIONAL_KEY, POLICY_KEYS, PUBLIC_KEY, requests } from './decorators.js';
import {
  REALMGUARD_CONFIG,
  defaultGetRequest,
  type AuthenticatedRequest,
  type RealmguardConfig,
} from './options.js';

/** What the decorators ask of one handler. */
interface RouteAuth {
  readonly isPublic: boolean;
  readonly optional: boolean;
  readonly policy: Policy | undefined;
}

type Request = AuthenticatedRequest & {
  headers: Record<string, string | string[] | undefined>;
  rawHeaders?: string[];
  raw?: { headers: Record<string, string | string[] | undefined>; rawHeaders: string[] };
  query?: unknown;
  body?: unknown;
};

const ALLOW = () => true;

/**
 * The global guard `RealmguardModule` installs (APP_GUARD): it authenticates every handler and
 * checks its decorators. Requirements of the controller and of the handler must all hold;
 * `@Public()` on a handler wins over the controller; `@Public()` on a controller covers the
 * handlers that have no decorator of their own. Errors are {@link AuthException}s carrying the
 * RFC 6750 status, headers and body.
 *
 * @example
 * ```ts
 * @Module({ imports: [RealmguardModule.forRoot({ issuer, audience: 'orders-api' })] })
 * export class AppModule {}
 * ```
 */
@Injectable()
export class RealmguardGuard implements CanActivate {
  readonly #routes = new WeakMap<object, WeakMap<object, RouteAuth>>();
  readonly #nest: Framework<Request, ExecutionContext, () => boolean, never, boolean>;

  constructor(
    @Inject(REALMGUARD_CONFIG) private readonly config: RealmguardConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Optional() @Inject(HttpAdapterHost) private readonly host?: HttpAdapterHost,
  ) {
    const reject = (error: AuthError, context: ExecutionContext): never => {
      const adapter = this.host?.httpAdapter;
      if (adapter && context.getType() === 'http') {
        const response: unknown = context.switchToHttp().getResponse();
        for (const [name, value] of Object.entries(error.headers)) {
          adapter.setHeader(response, name, value);
        }
      }
      throw new AuthException(error);
    };
    this.#nest = {
      principal: (request) => request.auth,
      setPrincipal: (request, principal) => {
        request.auth = principal;
      },
      // Express gives the IncomingMessage itself, Fastify wraps it in `raw`.
      headers: (request) => nodeHeaders(request.raw ?? request),
      query: (request) => request.query as Record<string, unknown> | undefined,
      body: (request) => request.body,
      target: nestTarget,
      clientCertificate: nestCertificate,
      send: (error, _request, context) => reject(error, context),
      handle: (_never, error, _request, context) => reject(error, context),
    };
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.#route(context);
    if (route.isPublic) return true;
    const request = this.config.getRequest(context) as Request | undefined;
    if (request === undefined) {
      throw new ConfigurationError(
        `realmguard: no request in a "${context.getType()}" context: pass getRequest to ` +
          'RealmguardModule.forRoot, or mark the handler @Public()',
      );
    }
    if (this.config.getRequest !== defaultGetRequest) requests.set(context.getArgs(), request);
    const own = route.optional ? this.config.optional : this.config.byDefault;
    return guardRequest(this.#nest, own, route.policy, request, context, ALLOW);
  }

  #route(context: ExecutionContext): RouteAuth {
    const controller = context.getClass();
    const handler = context.getHandler();
    let handlers = this.#routes.get(controller);
    if (handlers === undefined) this.#routes.set(controller, (handlers = new WeakMap()));
    let route = handlers.get(handler);
    if (route === undefined) handlers.set(handler, (route = this.#read(controller, handler)));
    return route;
  }

  #read(controller: object, handler: object): RouteAuth {
    const get = <T>(key: string, target: object) =>
      this.reflector.get<T | undefined>(key, target as () => void);
    const policies = (target: object) =>
      POLICY_KEYS.map((key) => get<Policy>(key, target)).filter((p) => p !== undefined);
    const own = policies(handler);
    const all = [...policies(controller), ...own];
    const ownOptional = get<boolean>(OPTIONAL_KEY, handler);
    return {
      isPublic:
        get<boolean>(PUBLIC_KEY, handler) === true ||
        (get<boolean>(PUBLIC_KEY, controller) === true &&
          own.length === 0 &&
          ownOptional === undefined),
      optional: (ownOptional ?? get<boolean>(OPTIONAL_KEY, controller)) === true,
      policy: all.length <= 1 ? all[0] : allOf(...all),
    };
  }
}
