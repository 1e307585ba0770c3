import Koa from 'koa';

// The bare route behind one pass-through middleware: what any middleware costs in Koa.
export default function create() {
  const app = new Koa();
  app.use((ctx, next) => next());
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}
