/**
 * Bundled by `edge.test.ts`: the adapter contract's routes, over the Hono adapter or the Web
 * guard, inside the `edge-runtime` sandbox. The host calls `configure()` once with the
 * contract's options, then sends requests through the sandbox's fetch event.
 */
import { contractApp } from '../contract-app.js';
import type { ContractServerOptions } from '@realmguard/test-fixtures/adapter-contract/contract';
import { webGuardHandler } from '@realmguard/test-fixtures/adapter-contract/web-guard-handler';

interface FetchEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ContractGlobal {
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  configure(kind: 'hono' | 'guard', options: ContractServerOptions): void;
}
const edge = globalThis as unknown as ContractGlobal;

let handle: (request: Request) => Promise<Response> = () =>
  Promise.resolve(new Response('not configured', { status: 500 }));

edge.configure = (kind, options) => {
  if (kind === 'guard') {
    handle = webGuardHandler(options);
  } else {
    const app = contractApp(options);
    handle = async (request) => app.fetch(request);
  }
};
edge.addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
