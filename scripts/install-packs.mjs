#!/usr/bin/env node
// Installs the tarballs of `pnpm pack:all` into another app, before the packages are published.
// Run it in that app's directory:
//   node /path/to/realmguard/scripts/install-packs.mjs npm  [package ...]
//   node /path/to/realmguard/scripts/install-packs.mjs pnpm [package ...]
// Packages are named as `core`, `express` or `@realmguard/express` (default: every tarball); the
// @realmguard packages they depend on are added too. With npm this is `npm install <tarballs>`.
// pnpm resolves a tarball's own dependencies (`@realmguard/core@^0.1.0`) from the registry, where
// they do not exist yet, so for pnpm the script first points them at the tarballs with
// `overrides` (in pnpm-workspace.yaml for pnpm >= 10, in package.json "pnpm" before).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packs = resolve(fileURLToPath(new URL('../.packs', import.meta.url)));
const [manager, ...names] = process.argv.slice(2);
const app = process.cwd();

function fail(message) {
  console.error(`install-packs: ${message}`);
  process.exit(1);
}

if (manager !== 'npm' && manager !== 'pnpm') {
  fail('usage: install-packs.mjs npm|pnpm [package ...] (run it in the app directory)');
}
if (!existsSync(packs)) fail(`${packs} does not exist: run pnpm pack:all in realmguard first`);
if (!existsSync(join(app, 'package.json'))) fail(`no package.json in ${app}`);

// name -> { file, dependencies } read from each tarball's own package.json
const tarballs = new Map();
for (const file of readdirSync(packs).filter((f) => f.endsWith('.tgz'))) {
  const path = join(packs, file);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xOzf', path, 'package/package.json'], { encoding: 'utf8' }),
  );
  tarballs.set(manifest.name, { path, dependencies: Object.keys(manifest.dependencies ?? {}) });
}
if (tarballs.size === 0) fail(`no tarball in ${packs}: run pnpm pack:all in realmguard first`);

const wanted = new Set();
const add = (name) => {
  const full = name.startsWith('@') ? name : `@realmguard/${name}`;
  const tarball = tarballs.get(full);
  if (!tarball) fail(`no tarball for ${full} in ${packs}`);
  if (wanted.has(full)) return;
  wanted.add(full);
  for (const dependency of tarball.dependencies) if (tarballs.has(dependency)) add(dependency);
};
for (const name of names.length > 0 ? names : tarballs.keys()) add(name);
const files = [...wanted].sort().map((name) => tarballs.get(name).path);

if (manager === 'pnpm') {
  const overrides = Object.fromEntries(
    [...tarballs].map(([name, { path }]) => [name, `file:${path}`]),
  );
  const major = Number(execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).split('.')[0]);
  if (major >= 10) {
    const file = join(app, 'pnpm-workspace.yaml');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const body = Object.entries(overrides)
      .map(([name, spec]) => `  ${JSON.stringify(name)}: ${JSON.stringify(spec)}\n`)
      .join('');
    if (/^overrides:/m.test(text)) {
      if (!Object.keys(overrides).every((name) => text.includes(JSON.stringify(name)))) {
        fail(`${file} already has overrides: add these to it, then run again:\n${body}`);
      }
    } else {
      writeFileSync(file, `${text}${text && !text.endsWith('\n') ? '\n' : ''}overrides:\n${body}`);
    }
  } else {
    const file = join(app, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.pnpm = { ...manifest.pnpm, overrides: { ...manifest.pnpm?.overrides, ...overrides } };
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

const args = manager === 'npm' ? ['install', ...files] : ['add', ...files];
console.log(`${manager} ${args.join(' ')}`);
try {
  execFileSync(manager, args, { cwd: app, stdio: 'inherit' });
} catch {
  fail(`${manager} ${args[0]} failed`);
}
