/**
 * The Web guard's contract routes served through `node:http`.
 *
 * @example
 * ```ts
 * describeAdapterContract('Web guard', webGuardServer);
 * ```
 */
import type { MakeServer } from './contract.js';
import { fetchListener, serveNode } from './node-server.js';
import { webGuardHandler } from './web-guard-handler.js';

/** The Web guard behind the contract's routes, on 127.0.0.1. */
export const webGuardServer: MakeServer = (options) =>
  serveNode(fetchListener(webGuardHandler(options)));
