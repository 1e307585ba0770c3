import express from 'express';

export default function create() {
  const app = express();
  app.get('/', (req, res) => res.send('ok'));
  return app;
}
