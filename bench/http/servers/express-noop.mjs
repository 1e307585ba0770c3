import express from 'express';

// The bare route behind one pass-through middleware: what any middleware costs in Express.
export default function create() {
  const app = express();
  app.use((req, res, next) => next());
  app.get('/', (req, res) => res.send('ok'));
  return app;
}
