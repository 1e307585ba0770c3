import express from 'express';
import Keycloak from 'keycloak-connect';

// keycloak-connect in bearer-only mode. Its default answer to a missing or invalid token is
// 403 "Access denied"; accessDenied is overridden to answer 401 so it passes the same gate.
export default function create({ issuer, audience }) {
  const [authServerUrl, realm] = issuer.split('/realms/');
  const keycloak = new Keycloak(
    {},
    {
      realm,
      'auth-server-url': authServerUrl,
      resource: audience,
      'bearer-only': true,
      'ssl-required': 'none',
      'confidential-port': 0,
    },
  );
  keycloak.accessDenied = (req, res) => res.status(401).end();
  const app = express();
  app.use(keycloak.middleware());
  app.get('/', keycloak.protect(), (req, res) => res.send('ok'));
  return app;
}
