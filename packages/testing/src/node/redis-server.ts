/**
 * A throwaway `redis-server` for tests (Node only): started on a free port of 127.0.0.1 with no
 * persistence, and stopped, killed or restarted on demand, so that suites can test a shared
 * store against a real Redis and its failures.
 *
 * @module
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/**
 * The command that installs Redis where it is missing (Debian, Ubuntu).
 *
 * @example
 * ```ts
 * console.error(`redis-server is not installed: ${REDIS_INSTALL_HINT}`);
 * ```
 */
export const REDIS_INSTALL_HINT = 'apt-get install -y redis-server';

/** A running test Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Sends one command and resolves with its raw RESP reply (e.g. `+OK\r\n`). */
  command(...args: string[]): Promise<string>;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills it (SIGKILL): connections drop without a goodbye, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
}

/**
 * The path of `redis-server`, or undefined when it is not installed.
 *
 * @example
 * ```ts
 * describe.skipIf(!redisServerPath())('on Redis', () => { … });
 * ```
 */
export function redisServerPath(): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

function majorVersion(binary: string): number {
  const text = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  return Number(/v=(\d+)\./.exec(text)?.[1] ?? '0');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** One command on a fresh connection; resolves with the first reply's raw text. */
function rawCommand(port: number, args: readonly string[], timeout = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(timeout, () => socket.destroy(new Error('redis command timed out')));
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(encode(args));
  });
}

async function waitUntilUp(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    try {
      if ((await rawCommand(port, ['PING'], 500)).startsWith('+PONG')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('redis-server did not start within 10 s');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `redis-server` on a free port of 127.0.0.1 (`--save ''`, no append-only file).
 * @throws when `redis-server` is not installed (see {@link REDIS_INSTALL_HINT}).
 * @example
 * ```ts
 * const redis = await startRedis();
 * const store = createRedisStore({ url: redis.url });
 * await redis.kill();    // Redis dies mid-flight
 * await redis.restart(); // and comes back empty
 * await redis.stop();
 * ```
 */
export async function startRedis(): Promise<TestRedis> {
  const binary = redisServerPath();
  if (!binary) throw new Error(`redis-server is not installed: ${REDIS_INSTALL_HINT}`);
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  // Redis 7 refuses DEBUG (used to make it slow) unless it is enabled.
  if (majorVersion(binary) >= 7) args.push('--enable-debug-command', 'local');
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(binary, args, { stdio: 'ignore' });
    await waitUntilUp(port, child);
  };
  await launch();
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const done = exited(child);
    child.kill(signal);
    await done;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    command: (...command) => rawCommand(port, command),
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      await launch();
    },
  };
}
