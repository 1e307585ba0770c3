import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';

/**
 * A Nest application (Express platform) with one `GET /` route, as a Node request listener.
 * Plain JavaScript: the decorators are applied as functions.
 */
export async function nestListener(imports = [], providers = []) {
  class BareController {
    get() {
      return 'ok';
    }
  }
  const get = Object.getOwnPropertyDescriptor(BareController.prototype, 'get');
  Get()(BareController.prototype, 'get', get);
  Controller()(BareController);
  class AppModule {}
  Module({ imports, providers, controllers: [BareController] })(AppModule);
  const adapter = new ExpressAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: false });
  await app.init();
  return adapter.getInstance();
}
