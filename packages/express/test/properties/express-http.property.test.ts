/**
 * The `Authorization` property of issue 9 over real HTTP through `@realmguard/express`
 * (Express 5): see packages/core/test/properties/http-adapter.ts.
 */
import express from 'express';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { describeHttpAuthorization } from '../../../core/test/properties/http-adapter.js';
import { realmguard } from '../../src/index.js';

describeHttpAuthorization('Express 5', (verifier) => {
  const app = express();
  app.use(realmguard(verifier));
  app.get('/me', (req, res) => {
    res.json(req.auth);
  });
  return serveNode(app);
});
