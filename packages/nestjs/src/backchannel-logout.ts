import {
  nodeReceiverRequest,
  receivers,
  type NodeReceiverMessage,
  type Receivers,
} from '@realmguard/core/adapter';

/** What the Express response and the Fastify reply both have (`@Res()` on either platform). */
interface Reply {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
  send(body?: unknown): unknown;
}

/**
 * A revocation receiver for a controller method of yours: pass it the method's `@Req()` and
 * `@Res()` (Express or Fastify platform); it sends the answer itself.
 */
export type ReceiverHandler = (request: object, response: object) => Promise<void>;

type Routes = Receivers<ReceiverHandler>;
const routes: Routes = receivers((receive) => async (request, response) => {
  // Express hands the Node message itself, Fastify wraps it in `raw`; body: what a parser made.
  const { raw, body } = request as { raw?: NodeReceiverMessage; body?: unknown };
  const answer = await receive(nodeReceiverRequest(raw ?? (request as NodeReceiverMessage), body));
  const reply = response as Reply;
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  reply.status(answer.status);
  reply.send(answer.body);
});

/**
 * The OpenID Connect Back-Channel Logout receiver (see the package README): call it from a
 * `@Public()` POST handler that Keycloak's "Backchannel logout URL" names (`clientId`: that
 * client, the logout token's `aud`), with the verifier of `REALMGUARD_VERIFIER`. It answers 200,
 * or 400 with a JSON error, with `Cache-Control: no-store`; the session's tokens then get 401.
 *
 * @example
 * ```ts
 * @Public()
 * @Controller()
 * export class KeycloakController {
 *   private readonly receive: ReceiverHandler;
 *   constructor(@Inject(REALMGUARD_VERIFIER) verifier: Verifier) {
 *     this.receive = backchannelLogout(verifier, { clientId: 'orders-web' });
 *   }
 *   @Post('backchannel-logout') logout(@Req() req: object, @Res() res: object) {
 *     return this.receive(req, res);
 *   }
 * }
 * ```
 */
export const backchannelLogout: Routes['backchannelLogout'] = routes.backchannelLogout;

/**
 * Keycloak's not-before push receiver: call it from a `@Public()` POST handler at
 * `{Admin URL}/k_push_not_before` of the client `clientId`. Answers 204, or 400 with a JSON error.
 *
 * @example
 * ```ts
 * const push = pushNotBefore(verifier, { clientId: 'orders-api' });
 * // @Public() @Post('keycloak/k_push_not_before') push(@Req() req: object, @Res() res: object)
 * await push(req, res);
 * ```
 */
export const pushNotBefore: Routes['pushNotBefore'] = routes.pushNotBefore;
