import express from 'express';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { describeKeycloakJsonFile } from '@realmguard/test-fixtures/adapter-contract/keycloak-json-contract';
import { fromKeycloakJson, realmguard } from '../src/index.js';

describeKeycloakJsonFile('Express 5', fromKeycloakJson, (options) => {
  const app = express();
  app.use(realmguard(options));
  app.get('/me', (req, res) => void res.json({ user: req.auth?.username }));
  return serveNode(app);
});
