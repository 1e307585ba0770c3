import { createVerifier } from '@realmguard/core';
import { realmguard } from '@realmguard/koa';
import Koa from 'koa';

export default async function create({ issuer, audience, cache }) {
  const verifier = createVerifier({ issuer, audience, ...(cache === false && { cache: false }) });
  await verifier.warmUp();
  const app = new Koa();
  app.use(realmguard(verifier));
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}
