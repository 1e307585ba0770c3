import { Hono, type Handler } from 'hono';
import { createVerifier } from '@realmguard/core';
import {
  realmguard,
  requirePermission,
  requirePolicy,
  requireRole,
  requireScope,
  type OptionalAuthVariables,
  type RealmguardOptions,
} from '../src/index.js';
import type { ContractServerOptions } from '@realmguard/test-fixtures/adapter-contract/contract';
import { reports } from '@realmguard/test-fixtures/adapter-contract/policies';

/** The adapter contract's routes as a Hono application (shared by the Node and edge tests). */
export function contractApp({ verifierOptions, onError }: ContractServerOptions) {
  const errors: RealmguardOptions = onError
    ? {
        onError(error, c) {
          const { status, headers, body } = onError(error);
          return c.json(body, status as 401, headers);
        },
      }
    : {};
  // Options as a function of the context: one verifier per distinct options, not per request.
  const auth = realmguard(() => verifierOptions, errors);
  const optional = realmguard(createVerifier(verifierOptions), { optional: true, ...errors });
  const me: Handler<{ Variables: OptionalAuthVariables }> = (c) =>
    c.json({ user: c.get('auth')?.username ?? null });

  const app = new Hono<{ Variables: OptionalAuthVariables }>();
  app.get('/solo', auth.requireRole('admin'), me);
  app.get('/optional', optional, me);
  app.get('/optional/admin', optional, requireRole('admin'), me);
  app.get('/me', auth, me);
  app.get('/admin', auth, requireRole('admin'), me);
  app.get('/editor', auth, requireRole('orders-api:editor'), me);
  app.get('/scope', auth, requireScope('orders:read'), me);
  app.get('/policy', auth, requirePolicy(reports), me);
  app.get('/permission', auth, requirePermission('orders#cancel'), me);
  return app;
}
