#!/usr/bin/env node
// pnpm docs — the API reference of every publishable package, from its TSDoc, into docs/api.
// Entry points are every export subpath of every package (its `@realmguard/source` file), so a
// new package or subpath is documented without editing typedoc.json. TypeDoc's warnings are
// errors (typedoc.json: treatWarningsAsErrors); extra arguments go to TypeDoc.
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { publishablePackages, root } from './workspace-packages.mjs';

const entryPoints = publishablePackages().flatMap((pkg) =>
  pkg.entries.map((entry) => {
    if (!entry.source) throw new Error(`${entry.specifier} has no @realmguard/source export`);
    return relative(root, join(pkg.dir, entry.source));
  }),
);
const typedoc = join(root, 'node_modules/typedoc/bin/typedoc');
const args = entryPoints.flatMap((entry) => ['--entryPoints', entry]);
const result = spawnSync(process.execPath, [typedoc, ...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
