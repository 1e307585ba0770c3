import Koa from 'koa';

export default function create() {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}
