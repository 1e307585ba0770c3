import 'reflect-metadata';
import type { RequestListener } from 'node:http';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { RealmguardModule, type RealmguardModuleOptions } from '@realmguard/nestjs';
import { OrdersController, ReportsController } from './orders.controller.js';

/**
 * The application module: realmguard for every route, and the orders controllers.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule.forRoot({ issuer, audience: 'orders-api' }));
 * ```
 */
@Module({})
export class AppModule {
  static forRoot(guard: RealmguardModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [RealmguardModule.forRoot(guard)],
      controllers: [OrdersController, ReportsController],
    };
  }
}

/**
 * The application as a Node request listener (what `pnpm demo --framework nest` serves), on the
 * Express platform.
 *
 * @example
 * ```ts
 * createServer(await createApp({ issuer, audience: 'orders-api' })).listen(3000);
 * ```
 */
export async function createApp(guard: RealmguardModuleOptions): Promise<RequestListener> {
  const adapter = new ExpressAdapter();
  const app = await NestFactory.create(AppModule.forRoot(guard), adapter, { logger: false });
  await app.init();
  return adapter.getInstance<RequestListener>();
}
