import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@realmguard/core';
import { Auth, OptionalAuth, Public, RealmguardModule, Roles, Scopes } from '../src/index.js';
import { startContractRealm, type ContractRealm } from '@realmguard/test-fixtures/adapter-contract';
import { serveNest, type Platform } from './server.js';

const user = (auth: Principal | undefined) => ({ user: auth?.username ?? null });

/** Controller requirements and handler requirements must both hold. */
@Roles('orders-api:viewer')
@Controller('orders')
class OrdersController {
  @Get() list(@Auth() auth: Principal) {
    return user(auth);
  }
  @Scopes('orders:read') @Get('scoped') scoped(@Auth() auth: Principal) {
    return user(auth);
  }
  @Public() @Get('catalog') catalog(@Auth() auth?: Principal) {
    return user(auth);
  }
}

/** A public controller: its handlers are public unless they carry their own decorator. */
@Public()
@Controller('site')
class SiteController {
  @Get() home(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Roles('admin') @Get('admin') admin(@Auth() auth: Principal) {
    return user(auth);
  }
  @OptionalAuth() @Get('hello') hello(@Auth() auth?: Principal) {
    return user(auth);
  }
}

/** Optional authentication for a whole controller, with one required handler. */
@OptionalAuth()
@Controller('shop')
class ShopController {
  @Get() browse(@Auth() auth?: Principal) {
    return user(auth);
  }
  @Roles('admin') @Get('admin') admin(@Auth() auth: Principal) {
    return user(auth);
  }
}

let fx: ContractRealm;
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(() => fx.close());

/** alice: realm admin, orders-api editor; bob: realm viewer, orders-api viewer. */
const token = (user: string, scope?: string) =>
  fx.realm.accessToken({ user, client: 'orders-web-mapped', scope });

for (const platform of ['express', 'fastify'] as Platform[]) {
  describe(`decorators on the ${platform} platform`, () => {
    let server: Awaited<ReturnType<typeof serveNest>>;
    beforeAll(async () => {
      @Module({
        imports: [RealmguardModule.forRoot(fx.verifierOptions())],
        controllers: [OrdersController, SiteController, ShopController],
      })
      class AppModule {}
      server = await serveNest(AppModule, platform);
    });
    afterAll(() => server.close());

    const get = async (path: string, bearer?: string) => {
      const response = await fetch(`${server.url}${path}`, {
        headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };

    it('requires the controller requirement on every handler', async () => {
      expect(await get('/orders', await token('bob'))).toEqual({
        status: 200,
        body: { user: 'bob' },
      });
      expect((await get('/orders')).status).toBe(401);
      expect((await get('/orders', await token('alice'))).status).toBe(403);
    });

    it('adds handler requirements to the controller requirements: both must hold', async () => {
      expect((await get('/orders/scoped', await token('bob'))).body).toMatchObject({
        error_description: 'Requires scope "orders:read"',
      });
      expect((await get('/orders/scoped', await token('bob', 'openid orders:read'))).status).toBe(
        200,
      );
      expect(
        (await get('/orders/scoped', await token('alice', 'openid orders:read'))).body,
      ).toMatchObject({
        error_description: 'Requires client role "orders-api:viewer"',
      });
    });

    it('@Public() on a handler wins over the controller: no authentication at all', async () => {
      expect(await get('/orders/catalog')).toEqual({ status: 200, body: { user: null } });
      // Public means not authenticated: even a valid token is not read.
      expect(await get('/orders/catalog', await token('bob'))).toEqual({
        status: 200,
        body: { user: null },
      });
    });

    it('@Public() on a controller covers handlers without their own decorator', async () => {
      expect(await get('/site')).toEqual({ status: 200, body: { user: null } });
      expect((await get('/site/admin')).status).toBe(401);
      expect((await get('/site/admin', await token('bob'))).status).toBe(403);
      expect(await get('/site/admin', await token('alice'))).toEqual({
        status: 200,
        body: { user: 'alice' },
      });
      expect(await get('/site/hello')).toEqual({ status: 200, body: { user: null } });
      expect(await get('/site/hello', await token('bob'))).toEqual({
        status: 200,
        body: { user: 'bob' },
      });
    });

    it('@OptionalAuth() on a controller: no token is fine, an invalid one is not, requirements still need one', async () => {
      expect(await get('/shop')).toEqual({ status: 200, body: { user: null } });
      expect((await get('/shop', 'not-a-token')).status).toBe(401);
      expect((await get('/shop/admin')).status).toBe(401);
      expect((await get('/shop/admin', await token('alice'))).status).toBe(200);
    });
  });
}
