import Koa from 'koa';

// The bare route behind one async middleware that does nothing: the cost of the await alone.
export default function create() {
  const app = new Koa();
  app.use(async (ctx, next) => {
    await Promise.resolve();
    await next();
  });
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}
