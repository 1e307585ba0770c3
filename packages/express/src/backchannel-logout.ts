import type { RequestHandler } from 'express';
import { nodeReceiverRequest, receivers, type Receivers } from '@realmguard/core/adapter';

// Keycloak's back-channel logout and not-before push as Express route handlers: core checks,
// reads the body (express.urlencoded()/express.text() output, else the stream) and revokes;
// this file only sends the answer.
type Routes = Receivers<RequestHandler>;
const routes: Routes = receivers((receive) => (req, res, next) => {
  receive(nodeReceiverRequest(req, req.body))
    .then((answer) => {
      res.status(answer.status).set(answer.headers);
      if (answer.body === undefined) res.end();
      else res.json(answer.body);
    })
    .catch(next);
});

/** {@inheritDoc @realmguard/core/adapter!Receivers.backchannelLogout} */
export const backchannelLogout: Routes['backchannelLogout'] = routes.backchannelLogout;
/** {@inheritDoc @realmguard/core/adapter!Receivers.pushNotBefore} */
export const pushNotBefore: Routes['pushNotBefore'] = routes.pushNotBefore;
