import 'reflect-metadata';
import type { Server } from 'node:http';
import {
  Catch,
  Controller,
  Get,
  Module,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Principal } from '@realmguard/core';
import {
  Auth,
  AuthException,
  OptionalAuth,
  Permissions,
  Policy,
  RealmguardModule,
  Roles,
  Scopes,
} from '../src/index.js';
import {
  reports,
  type ContractErrorRenderer,
  type ContractServer,
  type MakeServer,
} from '@realmguard/test-fixtures/adapter-contract';

/** The Nest platforms the package supports. */
export type Platform = 'express' | 'fastify';

const user = (auth: Principal | undefined) => ({ user: auth?.username ?? null });

/** The adapter contract's routes as one Nest controller. */
@Controller()
class ContractController {
  @Get('me') me(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Roles('admin') @Get('admin') admin(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Roles('orders-api:editor') @Get('editor') editor(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Scopes('orders:read') @Get('scope') scope(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Policy(reports) @Get('policy') policy(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Permissions('orders#cancel') @Get('permission') permission(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Roles('admin') @Get('solo') solo(@Auth() auth?: Principal) {
    return user(auth);
  }
  @OptionalAuth() @Get('optional') optional(@Auth() auth?: Principal) {
    return user(auth);
  }
  @OptionalAuth() @Roles('admin') @Get('optional/admin') optionalAdmin(@Auth() auth?: Principal) {
    return user(auth);
  }
}

/** The contract's custom rendering, the Nest way: an exception filter for AuthException. */
function contractFilter(render: ContractErrorRenderer, app: INestApplication): ExceptionFilter {
  const { httpAdapter } = app.get(HttpAdapterHost);
  @Catch(AuthException)
  class ContractFilter implements ExceptionFilter {
    catch(exception: AuthException, host: ArgumentsHost) {
      const response: unknown = host.switchToHttp().getResponse();
      const { status, headers, body } = render(exception.authError);
      for (const [name, value] of Object.entries(headers)) {
        httpAdapter.setHeader(response, name, value);
      }
      httpAdapter.reply(response, body, status);
    }
  }
  return new ContractFilter();
}

/** Creates a Nest application on a platform, without logs, and serves it on 127.0.0.1. */
export async function serveNest(
  module: Type,
  platform: Platform,
  prepare: (app: INestApplication) => void = () => undefined,
): Promise<ContractServer & { app: INestApplication }> {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(module, adapter, { logger: false });
  prepare(app);
  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as Server).address();
  if (address === null || typeof address === 'string') throw new Error('unexpected address');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** The adapter contract over a Nest application on one platform. */
export const nestServer =
  (platform: Platform): MakeServer =>
  async ({ verifierOptions, onError }) => {
    @Module({
      imports: [RealmguardModule.forRoot(verifierOptions)],
      controllers: [ContractController],
    })
    class ContractModule {}
    return serveNest(ContractModule, platform, (app) => {
      if (onError) app.useGlobalFilters(contractFilter(onError, app));
    });
  };
