import 'reflect-metadata';
import { Controller, Get, Inject, Module, Post, Req, Res } from '@nestjs/common';
import type { Verifier } from '@realmguard/core';
import { describeReceiverContract } from '@realmguard/test-fixtures/adapter-contract/receiver-contract';
import {
  Public,
  REALMGUARD_VERIFIER,
  RealmguardModule,
  backchannelLogout,
  pushNotBefore,
  type ReceiverHandler,
} from '../src/index.js';
import { serveNest, type Platform } from './server.js';

/** The receivers as the README mounts them: a @Public() controller of the application's own. */
@Public()
@Controller()
class KeycloakController {
  readonly #logout: ReceiverHandler;
  readonly #push: ReceiverHandler;
  constructor(@Inject(REALMGUARD_VERIFIER) verifier: Verifier) {
    this.#logout = backchannelLogout(verifier, { clientId: 'orders-web' });
    this.#push = pushNotBefore(verifier, { clientId: 'orders-api' });
  }
  @Post('backchannel-logout') logout(@Req() req: object, @Res() res: object) {
    return this.#logout(req, res);
  }
  @Post('keycloak/k_push_not_before') push(@Req() req: object, @Res() res: object) {
    return this.#push(req, res);
  }
}

/** Guarded by the module's global guard. */
@Controller()
class OrdersController {
  @Get('orders') list() {
    return [];
  }
}

for (const platform of ['express', 'fastify'] as Platform[]) {
  describeReceiverContract(`Nest on ${platform}`, (verifier) => {
    @Module({
      imports: [RealmguardModule.forRoot({ verifier })],
      controllers: [KeycloakController, OrdersController],
    })
    class AppModule {}
    return serveNest(AppModule, platform);
  });
}
