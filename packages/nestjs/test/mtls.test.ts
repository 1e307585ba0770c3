import 'reflect-metadata';
import { createServer, type RequestListener } from 'node:http';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Principal } from '@realmguard/core';
import { describeMtlsContract } from '@realmguard/test-fixtures/adapter-contract';
import { Auth, RealmguardModule } from '../src/index.js';

@Controller()
class MeController {
  @Get('me') me(@Auth() auth?: Principal) {
    return { user: auth?.username ?? null };
  }
}

// The contract serves the app over https with requestCert: on Express the listener is the
// Express app Nest built, on Fastify the request handler Fastify hands to serverFactory.
for (const platform of ['express', 'fastify'] as const) {
  describeMtlsContract(`Nest on ${platform}`, async (options) => {
    @Module({ imports: [RealmguardModule.forRoot(options)], controllers: [MeController] })
    class AppModule {}
    let routing: RequestListener | undefined;
    const adapter =
      platform === 'express'
        ? new ExpressAdapter()
        : new FastifyAdapter({
            serverFactory: (handler: RequestListener) => {
              routing = handler;
              return createServer();
            },
          });
    const app = await NestFactory.create(AppModule, adapter, { logger: false });
    await app.init();
    const instance: unknown = app.getHttpAdapter().getInstance();
    if (platform === 'express') return instance as RequestListener;
    await (instance as { ready(): Promise<unknown> }).ready();
    if (!routing) throw new Error('Fastify did not call serverFactory');
    return routing;
  });
}
