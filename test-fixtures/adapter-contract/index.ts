/**
 * The adapter contract suite shared by `@realmguard/express`, `@realmguard/koa`,
 * `@realmguard/hono` and the Web guard of `@realmguard/core`.
 *
 * @example
 * ```ts
 * import { describeAdapterContract } from '../../../test-fixtures/adapter-contract/index.js';
 * describeAdapterContract('Hono', honoServer);
 * ```
 */
export { describeAdapterContract, renderError, ContractRun } from './contract.js';
export { rawGet } from './raw-request.js';
export type { RawAnswer } from './raw-request.js';
export type {
  ContractErrorRenderer,
  ContractServer,
  ContractServerOptions,
  MakeServer,
  RenderedError,
} from './contract.js';
export { CASES } from './cases.js';
export { describeDpopContract } from './dpop-contract.js';
export { describeMtlsContract } from './mtls-contract.js';
export type { MakeListener } from './mtls-contract.js';
export { SENDER_CASES, senderKeys } from './dpop-cases.js';
export type { SenderCase, SenderContext, SenderServer } from './dpop-cases.js';
export { COOKIE_CASES, CONTRACT_COOKIE, describeCookieContract } from './cookie-cases.js';
export type { CookieCase } from './cookie-cases.js';
export type { ContractCase, Outcome, ServerVariant } from './cases.js';
export { startContractRealm, CONTRACT_TIME } from './fixture.js';
export type { ContractRealm } from './fixture.js';
export { fetchListener, serveNode } from './node-server.js';
export { reports } from './policies.js';
export { webGuardServer } from './web-guard-server.js';
export { webGuardHandler } from './web-guard-handler.js';
