// The orders API on NestJS: the same routes as the Express orders API (examples/orders-api).
// The module's global guard authenticates every route; decorators state what each requires.
import { Controller, Get, HttpCode, HttpException, Param, Post, Put } from '@nestjs/common';
import { Auth, Roles, Scopes, type Principal } from '@realmguard/nestjs';

const orders = [
  { id: 1, item: 'keyboard', status: 'open' },
  { id: 2, item: 'monitor', status: 'open' },
];

@Controller('orders')
export class OrdersController {
  // Any valid token.
  @Get()
  list(@Auth() auth: Principal) {
    return { user: auth.username, orders };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    const order = orders.find((o) => o.id === Number(id));
    if (!order) throw new HttpException({ error: 'not_found' }, 404);
    return order;
  }

  // A client role of this API (Keycloak: Clients → orders-api → Roles → editor).
  @Roles('orders-api:editor')
  @Put(':id')
  update(@Param('id') id: string, @Auth() auth: Principal) {
    return { updated: Number(id), by: auth.username };
  }

  // A realm role.
  @Roles('admin')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string, @Auth() auth: Principal) {
    return { cancelled: Number(id), by: auth.username };
  }
}

@Controller('reports')
export class ReportsController {
  // A scope the client must have requested (the optional client scope `orders:read`).
  @Scopes('orders:read')
  @Get('orders')
  orders(@Auth() auth: Principal) {
    return { report: 'orders by status', open: orders.length, by: auth.username };
  }
}
