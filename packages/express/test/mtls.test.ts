import express from 'express';
import express4 from 'express4';
import { describeMtlsContract } from '@realmguard/test-fixtures/adapter-contract';
import { realmguard } from '../src/index.js';

for (const [name, createApp] of [
  ['Express 5', express],
  ['Express 4', express4],
] as const) {
  describeMtlsContract(name, (options) => {
    const app = createApp();
    app.use(realmguard(options));
    app.get('/me', (req, res) => {
      res.json({ user: req.auth?.username ?? null });
    });
    return app;
  });
}
