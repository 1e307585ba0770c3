import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';

// Auth0's middleware as its README configures it: discovery from the issuer, audience required.
export default function create({ issuer, audience }) {
  const app = express();
  app.use(auth({ issuerBaseURL: issuer, audience }));
  app.get('/', (req, res) => res.send('ok'));
  app.use((err, req, res, next) => {
    if (!err.status) return next(err);
    res.status(err.status).set(err.headers).end();
  });
  return app;
}
