import {
  Global,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RealmguardGuard } from './realmguard.guard.js';
import {
  REALMGUARD_CONFIG,
  REALMGUARD_VERIFIER,
  resolveConfig,
  type RealmguardConfig,
  type RealmguardModuleOptions,
} from './options.js';

/** What `RealmguardModule.forRootAsync` accepts: options made by a factory (ConfigService…). */
export interface RealmguardModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  useFactory: (...args: never[]) => RealmguardModuleOptions | Promise<RealmguardModuleOptions>;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
}

const shared: Provider[] = [
  {
    provide: REALMGUARD_VERIFIER,
    useFactory: (config: RealmguardConfig) => config.required.verifier,
    inject: [REALMGUARD_CONFIG],
  },
  { provide: APP_GUARD, useClass: RealmguardGuard },
];

function moduleOf(config: Provider[], imports: ModuleMetadata['imports'] = []): DynamicModule {
  return {
    module: RealmguardModule,
    global: true,
    imports,
    providers: [...config, ...shared],
    exports: [REALMGUARD_CONFIG, REALMGUARD_VERIFIER],
  };
}

/**
 * Authenticates every route of the application with a bearer access token: one verifier, one
 * global guard (on the Express and the Fastify platform), and the decorators `@Public()`,
 * `@OptionalAuth()`, `@Roles()`, `@Scopes()`, `@Permissions()`, `@Policy()` and `@Auth()`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     RealmguardModule.forRoot({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }),
 *   ],
 *   controllers: [OrdersController],
 * })
 * export class AppModule {}
 * ```
 */
@Global()
@Module({})
export class RealmguardModule {
  /**
   * The module with options known up front.
   *
   * @example
   * ```ts
   * RealmguardModule.forRoot({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
   * ```
   */
  static forRoot(options: RealmguardModuleOptions): DynamicModule {
    return moduleOf([{ provide: REALMGUARD_CONFIG, useValue: resolveConfig(options) }]);
  }

  /**
   * The module with options from a factory, for example from `ConfigService`.
   *
   * @example
   * ```ts
   * RealmguardModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({
   *     issuer: config.getOrThrow('OIDC_ISSUER'),
   *     audience: config.getOrThrow('OIDC_AUDIENCE'),
   *   }),
   * });
   * ```
   */
  static forRootAsync(options: RealmguardModuleAsyncOptions): DynamicModule {
    const factory = options.useFactory as (...args: unknown[]) => Promise<RealmguardModuleOptions>;
    return moduleOf(
      [
        {
          provide: REALMGUARD_CONFIG,
          useFactory: async (...args: unknown[]) => resolveConfig(await factory(...args)),
          inject: options.inject ?? [],
        },
      ],
      options.imports,
    );
  }
}
