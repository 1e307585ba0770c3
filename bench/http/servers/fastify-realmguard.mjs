import { createVerifier } from '@realmguard/core';
import { realmguard } from '@realmguard/fastify';
import { fastifyListener } from './fastify-app.mjs';

export default async function create({ issuer, audience, cache }) {
  const verifier = createVerifier({ issuer, audience, ...(cache === false && { cache: false }) });
  await verifier.warmUp();
  return fastifyListener(async (app) => {
    await app.register(realmguard, { verifier });
  });
}
