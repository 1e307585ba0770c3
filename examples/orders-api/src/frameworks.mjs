// `pnpm demo --framework express|fastify|nest`: the same orders API on each framework
// (examples/orders-api, examples/orders-fastify, examples/orders-nest), as a Node request listener.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const FRAMEWORKS = ['express', 'fastify', 'nest'];

/** The framework named by `--framework NAME` (default express). */
export function frameworkOf(argv) {
  const at = argv.indexOf('--framework');
  const name = at < 0 ? 'express' : argv[at + 1];
  if (!FRAMEWORKS.includes(name)) {
    throw new Error(`--framework must be one of ${FRAMEWORKS.join(', ')} (got ${String(name)})`);
  }
  return name;
}

/**
 * The orders API factory of a framework: `(guard) => listener` (or a promise of one).
 * @param {string} framework
 */
export async function appFactory(framework) {
  if (framework === 'express') return (await import('./app.mjs')).createApp;
  if (framework === 'fastify') return (await import('../../orders-fastify/src/app.mjs')).createApp;
  // The Nest example is TypeScript with decorators: compiled before it runs.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const project = fileURLToPath(new URL('../../orders-nest/tsconfig.build.json', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
  return (await import('../../orders-nest/dist/app.js')).createApp;
}
