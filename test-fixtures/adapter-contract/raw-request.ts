/**
 * A GET over `node:http` that can send a header line more than once (`fetch` joins repeated
 * headers into one line, as the Fetch API's `Headers` does), for the duplicate-header cases.
 *
 * @example
 * ```ts
 * const { status, headers, text } = await rawGet(`${url}/me`, ['Bearer a', 'Bearer b']);
 * ```
 */
import { request, type IncomingHttpHeaders } from 'node:http';

/** The parts of an answer the contract compares. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Sends `GET url` with one `Authorization` line per value. */
export function rawGet(url: string, authorizations: readonly string[]): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.setHeader('authorization', [...authorizations]);
    req.on('error', reject);
    req.end();
  });
}
