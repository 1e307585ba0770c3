// The orders API: an ordinary Express 5 application. realmguard authenticates every request
// and each route states what it requires.
import express from 'express';
import { realmguard, requireRole, requireScope } from '@realmguard/express';

const orders = [
  { id: 1, item: 'keyboard', status: 'open' },
  { id: 2, item: 'monitor', status: 'open' },
];

/**
 * @param {import('@realmguard/express').RealmguardInput} guard verifier options, or a verifier
 * @returns {import('express').Express}
 */
export function createApp(guard) {
  const app = express();
  app.use(realmguard(guard));

  // Any valid token.
  app.get('/orders', (req, res) => {
    res.json({ user: req.auth?.username, orders });
  });
  app.get('/orders/:id', (req, res) => {
    const order = orders.find((o) => o.id === Number(req.params.id));
    if (!order) return void res.status(404).json({ error: 'not_found' });
    res.json(order);
  });
  // A client role of this API (Keycloak: Clients → orders-api → Roles → editor).
  app.put('/orders/:id', requireRole('orders-api:editor'), (req, res) => {
    res.json({ updated: Number(req.params.id), by: req.auth?.username });
  });
  // A realm role.
  app.post('/orders/:id/cancel', requireRole('admin'), (req, res) => {
    res.json({ cancelled: Number(req.params.id), by: req.auth?.username });
  });
  // A scope the client must have requested (the optional client scope `orders:read`).
  app.get('/reports/orders', requireScope('orders:read'), (req, res) => {
    res.json({ report: 'orders by status', open: orders.length, by: req.auth?.username });
  });
  return app;
}
