import { UnauthorizedException } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { nestListener } from './nest-app.mjs';
import { rawCheck } from './raw-verify.mjs';

export default async function create({ jwksUri }) {
  const check = await rawCheck(jwksUri);
  const guard = {
    canActivate(context) {
      if (check(context.switchToHttp().getRequest().headers.authorization)) return true;
      throw new UnauthorizedException();
    },
  };
  return nestListener([], [{ provide: APP_GUARD, useValue: guard }]);
}
