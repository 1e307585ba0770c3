// How the consumer smoke test (scripts/consumer-smoke.mjs) serves one real request through each
// adapter, and how it uses the adapter's published types under strict TypeScript.
//
// A recipe is keyed by package name:
//   deps:  third-party packages the recipe needs beyond the adapter's peerDependencies, at the
//          version the adapter's own devDependencies pin;
//   serve: an ES module exporting start(options, listen) -> Promise<{ url, close }>, serving
//          GET /admin behind requireRole('admin') and answering { hello: <username> };
//   types: a strict TypeScript module using the adapter's types the way a user would.
// A package with peerDependencies (a framework) and no recipe fails the smoke test: add one.
// Packages listed in NOT_ADAPTERS have peers but serve no requests of their own.

/** Packages with peerDependencies that are not framework adapters, with the reason. */
export const NOT_ADAPTERS = {
  '@realmguard/redis': 'a shared store over node-redis, not an adapter (its peer is redis)',
};

export const recipes = {
  '@realmguard/express': {
    deps: ['@types/express'],
    serve: `
import express from 'express';
import { realmguard, requireRole } from '@realmguard/express';

export function start(options, listen) {
  const app = express();
  app.use(realmguard(options));
  app.get('/admin', requireRole('admin'), (req, res) => res.json({ hello: req.auth?.username }));
  return listen(app);
}
`,
    types: `
import express from 'express';
import { realmguard, requireRole, type Realmguard } from '@realmguard/express';

const app = express();
const auth: Realmguard = realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
app.use(auth);
app.get('/admin', requireRole('admin'), (req, res) => {
  const username: string | undefined = req.auth?.username;
  res.json({ hello: username, roles: req.auth?.realmRoles });
});
app.get('/orders', auth.requireScope('orders:read'), (_req, res) => res.end());
`,
  },
  '@realmguard/koa': {
    deps: ['@types/koa'],
    serve: `
import Koa from 'koa';
import { realmguard, requireRole } from '@realmguard/koa';

export function start(options, listen) {
  const app = new Koa();
  app.use(realmguard(options));
  app.use(requireRole('admin'));
  app.use((ctx) => {
    ctx.body = { hello: ctx.state.auth?.username };
  });
  return listen(app.callback());
}
`,
    types: `
import Koa from 'koa';
import { realmguard, requireRole, type AuthState } from '@realmguard/koa';

const app = new Koa<AuthState>();
app.use(realmguard({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' }));
app.use(requireRole('admin'));
app.use((ctx) => {
  const username: string | undefined = ctx.state.auth?.username;
  ctx.body = { hello: username };
});
`,
  },
  '@realmguard/hono': {
    deps: ['@hono/node-server'],
    serve: `
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { realmguard, requireRole } from '@realmguard/hono';

export function start(options) {
  const app = new Hono();
  app.use(realmguard(options));
  app.get('/admin', requireRole('admin'), (c) => c.json({ hello: c.get('auth').username }));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: 'http://127.0.0.1:' + info.port,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}
`,
    types: `
import { Hono } from 'hono';
import { realmguard, requireRole, type AuthVariables } from '@realmguard/hono';

type Env = { Bindings: { ISSUER: string }; Variables: AuthVariables };
const app = new Hono<Env>();
app.use(realmguard<Env>((c) => ({ issuer: c.env.ISSUER, audience: 'orders-api' })));
app.get('/admin', requireRole('admin'), (c) => {
  const username: string | undefined = c.get('auth').username;
  return c.json({ hello: username ?? null });
});
export default app;
`,
  },
  '@realmguard/fastify': {
    deps: [],
    serve: `
import Fastify from 'fastify';
import { realmguard, requireRole } from '@realmguard/fastify';

export async function start(options) {
  const app = Fastify();
  await app.register(realmguard, options);
  app.get('/admin', { preHandler: requireRole('admin') }, async (request) => ({
    hello: request.auth?.username,
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: 'http://127.0.0.1:' + app.server.address().port, close: () => app.close() };
}
`,
    types: `
import Fastify from 'fastify';
import { realmguard, requireRole } from '@realmguard/fastify';

const app = Fastify();
await app.register(realmguard, { issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' });
app.get('/admin', { preHandler: requireRole('admin') }, async (request) => {
  const username: string | undefined = request.auth?.username;
  return { hello: username ?? null };
});
`,
  },
  '@realmguard/nestjs': {
    deps: ['@nestjs/platform-express'],
    // Plain JavaScript has no decorator syntax: they are applied by hand, as TypeScript would.
    serve: `
import 'reflect-metadata';
import { Controller, Get, Module, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RealmguardModule, Roles } from '@realmguard/nestjs';

export async function start(options) {
  class AdminController {
    admin(req) {
      return { hello: req.auth?.username };
    }
  }
  const method = Object.getOwnPropertyDescriptor(AdminController.prototype, 'admin');
  Reflect.decorate([Get(), Roles('admin')], AdminController.prototype, 'admin', method);
  Req()(AdminController.prototype, 'admin', 0);
  Reflect.decorate([Controller('admin')], AdminController);
  class AppModule {}
  Reflect.decorate(
    [Module({ imports: [RealmguardModule.forRoot(options)], controllers: [AdminController] })],
    AppModule,
  );
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { url: await app.getUrl().then((url) => url.replace('[::1]', '127.0.0.1')), close: () => app.close() };
}
`,
    types: `
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Auth, RealmguardModule, Roles, type Principal } from '@realmguard/nestjs';

@Controller('admin')
class AdminController {
  @Get()
  @Roles('admin')
  admin(@Auth() auth: Principal): { hello: string | undefined } {
    return { hello: auth.username };
  }
}

@Module({
  imports: [RealmguardModule.forRoot({ issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' })],
  controllers: [AdminController],
})
class AppModule {}

export const app = await NestFactory.create(AppModule);
`,
  },
};
