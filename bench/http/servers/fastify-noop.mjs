import { fastifyListener } from './fastify-app.mjs';

// The bare route behind one pass-through onRequest hook: what any hook costs in Fastify.
export default function create() {
  return fastifyListener(async (app) => {
    app.addHook('onRequest', (request, reply, done) => done());
  });
}
