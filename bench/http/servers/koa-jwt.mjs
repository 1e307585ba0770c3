import jwksRsa from 'jwks-rsa';
import Koa from 'koa';
import jwt from 'koa-jwt';

// koa-jwt with jwks-rsa, as jwks-rsa's README configures it (key cache and rate limit on).
export default function create({ issuer, audience, jwksUri }) {
  const app = new Koa();
  app.use(
    jwt({
      secret: jwksRsa.koaJwtSecret({ cache: true, rateLimit: true, jwksUri }),
      audience,
      issuer,
      algorithms: ['RS256'],
    }),
  );
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}
