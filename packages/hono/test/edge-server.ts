import { build } from 'esbuild';
import { EdgeRuntime, createHandler } from 'edge-runtime';
import { fileURLToPath } from 'node:url';
import {
  serveNode,
  type ContractServerOptions,
  type MakeServer,
} from '@realmguard/test-fixtures/adapter-contract';

/**
 * Bundles an entry of `edge/` (the Hono adapter, the Web guard of @realmguard/core and the test
 * realm, from their TypeScript sources) for a runtime without Node.js: any `node:` import or
 * Node global would fail the build or the run.
 */
export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`./edge/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['@realmguard/source', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output');
  return output.text;
}

let contractBundle: Promise<string> | undefined;

/**
 * The contract's server for one kind of app running inside a fresh edge-runtime sandbox; the
 * sandbox reaches the contract realm over HTTP and answers through a Node HTTP front.
 */
export const edgeServer =
  (kind: 'hono' | 'guard'): MakeServer =>
  async (options) => {
    contractBundle ??= bundle('contract-worker.ts');
    const sandbox = new EdgeRuntime({ initialCode: await contractBundle });
    const context = sandbox.context as unknown as {
      configure(kind: 'hono' | 'guard', options: ContractServerOptions): void;
    };
    context.configure(kind, options);
    const { handler } = createHandler({ runtime: sandbox });
    return serveNode((req, res) => {
      // edge-runtime's front reads Node's req.headers, which keeps only the first Authorization
      // line; an edge platform joins repeated lines, as the Fetch API does.
      const lines = req.rawHeaders.filter(
        (_, i) => i % 2 === 1 && /^authorization$/i.test(req.rawHeaders[i - 1]!),
      );
      if (lines.length > 1) req.headers.authorization = lines.join(', ');
      void handler(req, res);
    });
  };
