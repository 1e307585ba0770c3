import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { jwk } from 'hono/jwk';

// hono/jwk as its documentation configures it: keys from jwks_uri (fetched on every request).
export default function create({ issuer, audience, jwksUri }) {
  const app = new Hono();
  app.use(jwk({ jwks_uri: jwksUri, alg: ['RS256'], verification: { iss: issuer, aud: audience } }));
  app.get('/', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}
