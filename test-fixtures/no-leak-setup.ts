/**
 * vitest setup file (every test file): fails a test file in which the leak sentinel
 * (`leak-sentinel.ts`, the client secret the test helpers give realms and verifiers) appeared
 * in a log (console, stdout, stderr), an HTTP response (Node's ServerResponse: status line,
 * headers, body) or a Web `Response` body a test read. Events are scanned by the helpers that
 * collect them.
 */
import { ServerResponse } from 'node:http';
import { afterAll } from 'vitest';
import {
  drainLeakReports,
  scanForLeak,
  watchConsole,
  watchMethod,
  watchWrites,
} from './leak-sentinel.js';

watchConsole(console);
watchWrites(process.stdout, 'process.stdout');
watchWrites(process.stderr, 'process.stderr');

const response = ServerResponse.prototype as unknown as object;
watchMethod(response, 'write', 'HTTP response body', (args) => args[0]);
watchMethod(response, 'end', 'HTTP response body', (args) =>
  typeof args[0] === 'function' ? '' : args[0],
);
watchMethod(response, 'setHeader', 'HTTP response header', (args) => String(args[1]));
watchMethod(response, 'writeHead', 'HTTP response head');

const WEB_WATCHED = Symbol.for('realmguard.test.web-response-watched');
const web = Response.prototype as unknown as Record<string | symbol, unknown>;
if (!web[WEB_WATCHED]) {
  web[WEB_WATCHED] = true;
  for (const name of ['text', 'json', 'arrayBuffer', 'bytes'] as const) {
    const original = web[name];
    if (typeof original !== 'function') continue;
    const read = original as (this: Response) => Promise<unknown>;
    web[name] = async function (this: Response): Promise<unknown> {
      const body = await read.call(this);
      scanForLeak('Web Response body', body);
      return body;
    };
  }
}

afterAll(() => {
  const places = drainLeakReports();
  if (places.length > 0) {
    // The places only: the message itself must not carry the sentinel.
    throw new Error(
      `The leak sentinel (a test client secret) appeared in: ${[...new Set(places)].join(', ')}`,
    );
  }
});
