// One instance of the orders API (run two or more behind a load balancer). Every instance
// shares revocations through Redis: Keycloak may post a logout to any one of them.
// Environment: ISSUER, REDIS_URL, NAME; PORT (default: any free port, reported to a parent
// process over IPC when there is one).
import { createServer } from 'node:http';
import express from 'express';
import { createVerifier } from '@realmguard/core';
import { backchannelLogout, pushNotBefore, realmguard } from '@realmguard/express';
import { createRedisStore } from '@realmguard/redis';

const name = process.env.NAME ?? 'api';
const store = createRedisStore({ url: process.env.REDIS_URL }, { keyPrefix: 'orders-api:' });
const verifier = createVerifier({
  issuer: process.env.ISSUER,
  audience: 'orders-api',
  acceptAuthorizedParty: true,
  store,
  onStoreUnavailable: 'fail-open',
  onEvent(event) {
    if (event.type === 'revocation_applied') {
      console.log(
        `[${name}] revoked a ${event.kind} (${event.origin === 'local' ? 'heard here' : 'through Redis'})`,
      );
    } else if (event.type === 'store_unavailable' || event.type === 'store_restored') {
      console.log(`[${name}] ${event.type}`);
    }
  },
});

const app = express();
// Keycloak: Clients → orders-web → Backchannel logout URL = https://<this API>/backchannel-logout
app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
// Keycloak: Clients → orders-api → Admin URL = https://<this API>/keycloak (Push not-before)
app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
app.get('/orders', realmguard(verifier), (req, res) => {
  res.json({ instance: name, user: req.auth?.username, orders: [] });
});

const server = createServer(app);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  if (process.send) process.send({ port });
  else console.log(`[${name}] listening on http://127.0.0.1:${port}`);
});
const stop = () => {
  server.close();
  void store.close().finally(() => process.exit(0));
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
