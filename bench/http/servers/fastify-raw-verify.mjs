import { fastifyListener } from './fastify-app.mjs';
import { rawCheck } from './raw-verify.mjs';

export default async function create({ jwksUri }) {
  const check = await rawCheck(jwksUri);
  return fastifyListener(async (app) => {
    app.addHook('onRequest', (request, reply, done) =>
      check(request.headers.authorization) ? done() : reply.code(401).send(),
    );
  });
}
