import express from 'express';

// The bare route behind one async middleware that does nothing: the cost of the await alone.
export default function create() {
  const app = express();
  app.use(async (req, res, next) => {
    await Promise.resolve();
    next();
  });
  app.get('/', (req, res) => res.send('ok'));
  return app;
}
