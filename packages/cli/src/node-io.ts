import { readFile } from 'node:fs/promises';
import type { CliIo } from './io.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The real process: its streams, environment, global fetch and clock.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), nodeIo());
 * ```
 */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    fetch: (input, init) => globalThis.fetch(input, init),
    now: Date.now,
    readFile: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
    env: process.env,
  };
}
