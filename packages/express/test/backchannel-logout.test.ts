import express from 'express';
import express4 from 'express4';
import {
  describeReceiverContract,
  type ServeReceivers,
} from '@realmguard/test-fixtures/adapter-contract/receiver-contract';
import { serveNode } from '@realmguard/test-fixtures/adapter-contract';
import { backchannelLogout, pushNotBefore, realmguard } from '../src/index.js';

// The receivers read the stream themselves, or use what express.urlencoded()/express.text()
// parsed: both ways run the whole contract.
const serve =
  (createApp: typeof express, parsers: boolean): ServeReceivers =>
  (verifier) => {
    const app = createApp();
    if (parsers) app.use(express.urlencoded({ extended: false }), express.text());
    app.post('/backchannel-logout', backchannelLogout(verifier, { clientId: 'orders-web' }));
    app.post('/keycloak/k_push_not_before', pushNotBefore(verifier, { clientId: 'orders-api' }));
    app.get('/orders', realmguard(verifier), (_req, res) => void res.json([]));
    return serveNode(app);
  };

describeReceiverContract('Express 5', serve(express, false));
describeReceiverContract('Express 5 with body parsers', serve(express, true));
describeReceiverContract('Express 4', serve(express4, false));
