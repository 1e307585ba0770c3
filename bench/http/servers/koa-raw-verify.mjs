import Koa from 'koa';
import { rawCheck } from './raw-verify.mjs';

export default async function create({ jwksUri }) {
  const check = await rawCheck(jwksUri);
  const app = new Koa();
  app.use((ctx, next) => {
    if (check(ctx.headers.authorization)) return next();
    ctx.status = 401;
  });
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}
