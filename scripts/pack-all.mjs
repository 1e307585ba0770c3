#!/usr/bin/env node
// pnpm pack:all — packs every publishable package under packages/ into .packs/ with `pnpm pack`,
// which rewrites `workspace:` ranges to real versions. Install the tarballs into another app with
//   npm install /path/to/realmguard/.packs/*.tgz
//   pnpm add /path/to/realmguard/.packs/*.tgz   (see CONTRIBUTING.md for the pnpm overrides)
// The packages must be built first (`pnpm pack:all` builds them; CI calls this script after its
// own build step). `node scripts/pack-all.mjs @realmguard/core @realmguard/express` packs only
// the named packages. Prints one tarball path per line.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { publishablePackages, root } from './workspace-packages.mjs';

const out = join(root, '.packs');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const wanted = process.argv.slice(2);
const all = publishablePackages();
for (const name of wanted) {
  if (!all.some((pkg) => pkg.name === name)) throw new Error(`pack-all: no package ${name}`);
}
const packages = wanted.length > 0 ? all.filter((pkg) => wanted.includes(pkg.name)) : all;
if (packages.length === 0) throw new Error('pack-all: no publishable package under packages/');

for (const pkg of packages) {
  for (const entry of pkg.entries) {
    for (const target of [entry.types, entry.default]) {
      if (target && !existsSync(join(pkg.dir, target))) {
        throw new Error(
          `pack-all: ${pkg.name} is not built (${target} is missing): run pnpm build`,
        );
      }
    }
  }
  execFileSync('pnpm', ['pack', '--pack-destination', out], {
    cwd: pkg.dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const tarballs = readdirSync(out).filter((file) => file.endsWith('.tgz'));
if (tarballs.length !== packages.length) {
  throw new Error(
    `pack-all: expected ${packages.length} tarballs in .packs, found ${tarballs.length}`,
  );
}
for (const file of tarballs.sort()) console.log(join(out, file));
