import fastifyJwt from '@fastify/jwt';
import buildGetJwks from 'get-jwks';
import { fastifyListener } from './fastify-app.mjs';

// @fastify/jwt with get-jwks, as their documentation configures them for an OpenID Provider:
// keys by kid from the issuer's JWKS (cached by get-jwks), issuer and audience checked.
export default function create({ issuer, audience }) {
  const getJwks = buildGetJwks({ allowedDomains: [issuer], providerDiscovery: true });
  return fastifyListener(async (app) => {
    await app.register(fastifyJwt, {
      decode: { complete: true },
      secret: (request, token) =>
        getJwks.getPublicKey({ kid: token.header.kid, domain: issuer, alg: token.header.alg }),
      verify: { allowedIss: issuer, allowedAud: audience },
    });
    app.addHook('onRequest', async (request, reply) => {
      try {
        await request.jwtVerify();
      } catch {
        return reply.code(401).send();
      }
    });
  });
}
