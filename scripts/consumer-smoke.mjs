#!/usr/bin/env node
// Consumer smoke test: proves that the packages work as published, from outside the workspace.
//  1. packs every publishable package (scripts/pack-all.mjs);
//  2. creates a scratch app in a temp directory and installs the tarballs with npm
//     (scripts/install-packs.mjs, the documented command), third-party packages from the registry;
//  3. imports every export subpath of every package from ESM and from CommonJS (require(esm),
//     Node >= 20.19), and checks both see the same export names, resolved inside the scratch app;
//  4. compiles a strict TypeScript project against the published types (the workspace's tsc);
//  5. serves one real request per adapter (scripts/consumer-smoke/recipes.mjs) against the test
//     realm of the @realmguard/testing tarball, and runs the CLI's doctor against it.
// Any failure exits non-zero and names the step; the scratch app is kept for inspection then.
// `--keep` keeps it on success too. `--skip=@realmguard/x` leaves a package out (say so loudly:
// it is for a package still being written, never for CI).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOT_ADAPTERS, recipes } from './consumer-smoke/recipes.mjs';
import { coreTypes, esmCheck, cjsCheck, serveCheck } from './consumer-smoke/programs.mjs';
import { publishablePackages, root } from './workspace-packages.mjs';

const started = Date.now();
const keep = process.argv.includes('--keep');
const skipped = process.argv.filter((arg) => arg.startsWith('--skip=')).map((arg) => arg.slice(7));
const app = realpathSync(mkdtempSync(join(tmpdir(), 'realmguard-consumer-')));
let current = 'setup';

function step(name, fn) {
  current = name;
  const t0 = Date.now();
  process.stdout.write(`consumer-smoke: ${name}\n`);
  const result = fn();
  process.stdout.write(
    `consumer-smoke: ${name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
  return result;
}

function run(command, args, options = {}) {
  execFileSync(command, args, { cwd: app, stdio: 'inherit', ...options });
}

try {
  if (app.startsWith(root)) throw new Error(`the scratch app ${app} is inside the workspace`);
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Node ${process.versions.node}: require(esm) needs Node >= 20.19`);
  }

  const packages = publishablePackages().filter((pkg) => !skipped.includes(pkg.name));
  if (skipped.length > 0) console.warn(`consumer-smoke: WARNING: skipping ${skipped.join(', ')}`);
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  // Which packages serve requests, and with which recipe. A new adapter without a recipe fails.
  const adapters = packages.filter(
    (pkg) => Object.keys(pkg.manifest.peerDependencies ?? {}).length > 0,
  );
  for (const pkg of adapters) {
    if (!recipes[pkg.name] && !NOT_ADAPTERS[pkg.name]) {
      throw new Error(
        `${pkg.name} has peerDependencies but no recipe in scripts/consumer-smoke/recipes.mjs`,
      );
    }
  }
  const served = adapters.filter((pkg) => recipes[pkg.name]);
  for (const name of ['@realmguard/core', '@realmguard/testing']) {
    if (!packages.some((pkg) => pkg.name === name))
      throw new Error(`${name} is not a publishable package`);
  }

  // Third-party dependencies at the versions the workspace pins: every peer of every package,
  // the recipes' extra packages, and @types/node for the TypeScript check.
  const dependencies = { '@types/node': rootManifest.devDependencies['@types/node'] };
  const pin = (pkg, name) => {
    const dev = pkg.manifest.devDependencies?.[name];
    const version =
      dev && !dev.startsWith('npm:') && !dev.startsWith('workspace:')
        ? dev
        : pkg.manifest.peerDependencies?.[name];
    if (!version) throw new Error(`${pkg.name}: no version for ${name} in its devDependencies`);
    return version;
  };
  for (const pkg of packages) {
    for (const peer of Object.keys(pkg.manifest.peerDependencies ?? {}))
      dependencies[peer] = pin(pkg, peer);
  }
  for (const pkg of served)
    for (const dep of recipes[pkg.name].deps) dependencies[dep] = pin(pkg, dep);

  step('pack every package (scripts/pack-all.mjs)', () =>
    execFileSync(
      process.execPath,
      [join(root, 'scripts/pack-all.mjs'), ...packages.map((pkg) => pkg.name)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    ),
  );

  step(`install the tarballs with npm in ${app}`, () => {
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        { name: 'realmguard-consumer', private: true, type: 'module', dependencies },
        null,
        2,
      ),
    );
    writeFileSync(
      join(app, '.npmrc'),
      'audit=false\nfund=false\nloglevel=error\nupdate-notifier=false\n',
    );
    run(process.execPath, [join(root, 'scripts/install-packs.mjs'), 'npm']);
  });

  const specifiers = packages.flatMap((pkg) => pkg.entries.map((entry) => entry.specifier));
  writeFileSync(join(app, 'specifiers.json'), JSON.stringify(specifiers));

  step(`import ${specifiers.length} entry points from ESM`, () => {
    writeFileSync(join(app, 'esm.mjs'), esmCheck);
    run(process.execPath, ['esm.mjs']);
  });
  step(`require ${specifiers.length} entry points from CommonJS (require(esm))`, () => {
    writeFileSync(join(app, 'cjs.cjs'), cjsCheck);
    run(process.execPath, ['--no-warnings=ExperimentalWarning', 'cjs.cjs']);
  });

  step('compile a strict TypeScript project against the published types', () => {
    mkdirSync(join(app, 'src'));
    writeFileSync(
      join(app, 'src/all-entries.ts'),
      specifiers.map((spec, i) => `import * as entry${i} from '${spec}';\n`).join('') +
        `export const entries: object[] = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];\n`,
    );
    writeFileSync(join(app, 'src/core.ts'), coreTypes);
    for (const pkg of served) {
      writeFileSync(join(app, `src/${pkg.name.split('/')[1]}.ts`), recipes[pkg.name].types);
    }
    // `strict` as users set it; `lib` left to its default (with DOM), as in most projects.
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          noEmit: true,
          skipLibCheck: false,
          // NestJS's decorators are TypeScript's legacy decorators.
          experimentalDecorators: true,
        },
        include: ['src'],
      }),
    );
    // skipLibCheck is off so that errors inside our own .d.ts files count. Errors inside other
    // packages' declarations (a third-party @types package out of step with its dependency)
    // are shown but are not ours to fail on.
    let output = '';
    try {
      output = execFileSync(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--pretty', 'false'],
        { cwd: app, encoding: 'utf8' },
      );
    } catch (error) {
      output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      if (!output.trim()) throw error;
    }
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    const ours = errors.filter(
      (line) => !line.startsWith('node_modules/') || line.startsWith('node_modules/@realmguard/'),
    );
    for (const line of errors.filter((line) => !ours.includes(line)))
      console.log(`  (third-party, ignored) ${line}`);
    if (ours.length > 0) {
      console.error(output);
      throw new Error(
        `${ours.length} TypeScript error(s) in the consumer project or in @realmguard types`,
      );
    }
  });

  step(
    `serve requests through ${served.map((pkg) => pkg.name).join(', ')}, the Web guard and the CLI`,
    () => {
      for (const pkg of served)
        writeFileSync(join(app, `serve-${pkg.name.split('/')[1]}.mjs`), recipes[pkg.name].serve);
      writeFileSync(join(app, 'adapters.json'), JSON.stringify(served.map((pkg) => pkg.name)));
      writeFileSync(join(app, 'serve.mjs'), serveCheck);
      run(process.execPath, ['serve.mjs'], { timeout: 60_000 });
    },
  );

  if (!keep) rmSync(app, { recursive: true, force: true });
  console.log(
    `consumer-smoke: passed in ${((Date.now() - started) / 1000).toFixed(1)} s${keep ? ` (kept ${app})` : ''}`,
  );
} catch (error) {
  console.error(
    `\nconsumer-smoke: FAILED at "${current}": ${error instanceof Error ? error.message : error}`,
  );
  console.error(`consumer-smoke: the scratch app is kept in ${app}`);
  process.exit(1);
}
