import type { Express, RequestHandler } from 'express';
import { createVerifier } from '@realmguard/core';
import {
  realmguard,
  requirePermission,
  requirePolicy,
  requireRole,
  requireScope,
  type RealmguardOptions,
} from '../src/index.js';
import { reports, serveNode, type MakeServer } from '@realmguard/test-fixtures/adapter-contract';

/** The adapter contract's routes over an Express application (4 or 5). */
export const expressServer =
  (createApp: () => Express): MakeServer =>
  ({ verifierOptions, onError }) => {
    const errors: RealmguardOptions = onError
      ? {
          onError(error, _req, res) {
            const { status, headers, body } = onError(error);
            res.status(status).set(headers).json(body);
          },
        }
      : {};
    const auth = realmguard({ ...verifierOptions, ...errors });
    const optional = realmguard(createVerifier(verifierOptions), { optional: true, ...errors });
    const me: RequestHandler = (req, res) => {
      res.json({ user: req.auth?.username ?? null });
    };

    const app = createApp();
    app.get('/solo', auth.requireRole('admin'), me);
    app.get('/optional', optional, me);
    app.get('/optional/admin', optional, requireRole('admin'), me);
    app.use(auth);
    app.get('/me', me);
    app.get('/admin', requireRole('admin'), me);
    app.get('/editor', requireRole('orders-api:editor'), me);
    app.get('/scope', requireScope('orders:read'), me);
    app.get('/policy', requirePolicy(reports), me);
    app.get('/permission', requirePermission('orders#cancel'), me);
    return serveNode(app);
  };
