import { fastifyListener } from './fastify-app.mjs';

export default function create() {
  return fastifyListener();
}
