import { createVerifier } from '@realmguard/core';
import { realmguard } from '@realmguard/express';
import express from 'express';

export default async function create({ issuer, audience, cache }) {
  const verifier = createVerifier({ issuer, audience, ...(cache === false && { cache: false }) });
  await verifier.warmUp();
  const app = express();
  app.use(realmguard(verifier));
  app.get('/', (req, res) => res.send('ok'));
  return app;
}
