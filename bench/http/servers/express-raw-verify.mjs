import express from 'express';
import { rawCheck } from './raw-verify.mjs';

export default async function create({ jwksUri }) {
  const check = await rawCheck(jwksUri);
  const app = express();
  app.use((req, res, next) => (check(req.headers.authorization) ? next() : res.status(401).end()));
  app.get('/', (req, res) => res.send('ok'));
  return app;
}
