// One API instance in its own Node process, for the multi-instance tests: a verifier on the
// Redis store, a guarded route, and the two revocation receivers, on node:http.
// Environment: ISSUER, REDIS_URL, CLIENT_SECRET, ON_STORE_UNAVAILABLE (fail-open|fail-closed).
// It reports { port } to its parent over IPC, and answers { stats } when asked.
import { createServer } from 'node:http';
import {
  AuthError,
  backchannelLogoutReceiver,
  createVerifier,
  pushNotBeforeReceiver,
} from '@realmguard/core';
import { createRedisStore } from '@realmguard/redis';

const store = createRedisStore({ url: process.env.REDIS_URL }, { keyPrefix: 'fleet-test:' });
const verifier = createVerifier({
  issuer: process.env.ISSUER,
  audience: 'orders-api',
  acceptAuthorizedParty: true,
  store,
  onStoreUnavailable: process.env.ON_STORE_UNAVAILABLE ?? 'fail-open',
  revocation: { resyncInterval: 1_000 },
  introspection: { clientId: 'orders-api', clientSecret: process.env.CLIENT_SECRET, use: 'opaque' },
});
const logout = backchannelLogoutReceiver(verifier, { clientId: 'orders-web' });
const push = pushNotBeforeReceiver(verifier, { clientId: 'orders-api' });

function send(res, status, headers, body) {
  res.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://instance').pathname;
  const receive =
    path === '/backchannel-logout'
      ? logout
      : path === '/keycloak/k_push_not_before'
        ? push
        : undefined;
  if (receive) {
    receive({ method: req.method, contentType: req.headers['content-type'], stream: req }).then(
      (answer) => send(res, answer.status, answer.headers, answer.body),
      () => send(res, 500, {}, { error: 'server_error' }),
    );
    return;
  }
  const headers = { authorization: req.headers.authorization };
  const cached = verifier.cached({ headers });
  const principal = cached ? Promise.resolve(cached) : verifier.authenticate({ headers });
  principal.then(
    (p) => send(res, 200, {}, { user: p.username ?? p.subject ?? null }),
    (error) => {
      if (error instanceof AuthError) send(res, error.status, error.headers, error.body);
      else send(res, 500, {}, { error: 'server_error' });
    },
  );
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ stats: verifier.stats().revocation });
});
process.on('disconnect', () => {
  server.close();
  void store.close().finally(() => process.exit(0));
});
