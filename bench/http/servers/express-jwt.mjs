import express from 'express';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';

// express-jwt with jwks-rsa, as jwks-rsa's README configures it (key cache and rate limit on).
export default function create({ issuer, audience, jwksUri }) {
  const app = express();
  app.use(
    expressjwt({
      secret: jwksRsa.expressJwtSecret({ cache: true, rateLimit: true, jwksUri }),
      audience,
      issuer,
      algorithms: ['RS256'],
    }),
  );
  app.get('/', (req, res) => res.send('ok'));
  app.use((err, req, res, next) => {
    if (err.name !== 'UnauthorizedError') return next(err);
    res.status(401).end();
  });
  return app;
}
