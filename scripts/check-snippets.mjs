#!/usr/bin/env node
// Type-checks every ```ts block of every README.md and CONTRIBUTING.md under `tsc --strict`,
// against the BUILT packages (their dist types, as users get them): run `pnpm build` first.
// Each block becomes a module of a scratch project in a temp directory whose node_modules link
// @realmguard/* to packages/* and third-party packages to the workspace's copies.
//
// A fragment that uses names it does not declare (`app`, `handler`, `token`) gets them from the
// file's context: an HTML comment `<!-- snippets: context` … `-->` before the blocks, holding
// imports and `declare const` lines (scripts/snippets/extract.mjs). The context's statements
// that declare a name the block declares itself are left out. `<!-- snippet: skip REASON -->` skips a block (only for real fragments), and
// `<!-- snippet: file PATH -->` also requires the block to equal that file, so a README copy of
// a test cannot drift from the test. Errors are reported at the README line.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { documentationFiles, typescriptBlocks } from './snippets/extract.mjs';
import { publishablePackages, root } from './workspace-packages.mjs';

const ts = createRequire(import.meta.url)('typescript');
const problems = [];

// 1. The packages must be built: snippets compile against dist types.
const packages = publishablePackages();
for (const pkg of packages) {
  for (const entry of pkg.entries) {
    if (entry.types && !existsSync(join(pkg.dir, entry.types))) {
      console.error(`check-snippets: ${pkg.name} is not built (${entry.types}): run pnpm build`);
      process.exit(1);
    }
  }
}

// 2. The blocks.
const blocks = documentationFiles(root).flatMap((file) => typescriptBlocks(root, file));
const compiled = blocks.filter((block) => !block.skip);
for (const block of blocks.filter((b) => b.sameAs)) {
  const path = join(root, block.sameAs);
  if (!existsSync(path)) {
    problems.push(`${block.file}:${block.line}: "snippet: file ${block.sameAs}": no such file`);
  } else if (readFileSync(path, 'utf8').trimEnd() !== block.code.trimEnd()) {
    problems.push(
      `${block.file}:${block.line}: the block differs from ${block.sameAs}: copy one into the other`,
    );
  }
}

/** Names a top-level statement declares (imports, variables, functions, classes, types). */
function declaredNames(statement) {
  const names = [];
  const bind = (name) => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name) names.push(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings))
      for (const el of bindings.elements) names.push(el.name.text);
  } else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) bind(declaration.name);
  } else if (statement.name && ts.isIdentifier(statement.name)) {
    names.push(statement.name.text);
  }
  return names;
}

function topLevelNames(code) {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, true);
  return new Set(source.statements.flatMap(declaredNames));
}

/** An import without the names the block declares itself, or '' when none is left. */
function importWithout(statement, source, blockNames) {
  const clause = statement.importClause;
  const parts = [];
  if (clause.name && !blockNames.has(clause.name.text)) parts.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings) && !blockNames.has(bindings.name.text)) {
    parts.push(bindings.getText(source));
  }
  if (bindings && ts.isNamedImports(bindings)) {
    const kept = bindings.elements.filter((el) => !blockNames.has(el.name.text));
    if (kept.length > 0) parts.push(`{ ${kept.map((el) => el.getText(source)).join(', ')} }`);
  }
  if (parts.length === 0) return '';
  return `import ${clause.isTypeOnly ? 'type ' : ''}${parts.join(', ')} from ${statement.moduleSpecifier.getText(source)};`;
}

/**
 * The context's lines, without the declarations of names that the block declares itself. A
 * statement is blanked (or, for an import, reduced to its other names) in place, so every line
 * stays where it is and errors map back to the README.
 */
function contextFor(context, blockNames) {
  const source = ts.createSourceFile('context.ts', context.code, ts.ScriptTarget.Latest, true);
  const lines = context.code.split('\n');
  for (const statement of source.statements) {
    if (!declaredNames(statement).some((n) => blockNames.has(n))) continue;
    const first = source.getLineAndCharacterOfPosition(statement.getStart(source)).line;
    const last = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
    for (let i = first; i <= last; i++) lines[i] = '';
    if (ts.isImportDeclaration(statement))
      lines[first] = importWithout(statement, source, blockNames);
  }
  return lines.join('\n');
}

// 3. The scratch project.
const project = mkdtempSync(join(tmpdir(), 'realmguard-snippets-'));
const modules = join(project, 'node_modules');
mkdirSync(join(modules, '@realmguard'), { recursive: true });
mkdirSync(join(modules, '@types'), { recursive: true });
for (const pkg of packages) symlinkSync(pkg.dir, join(modules, pkg.name));

const searchPaths = [
  join(root, 'node_modules'),
  ...['packages', 'examples']
    .flatMap((dir) =>
      (existsSync(join(root, dir))
        ? execFileSync('ls', [join(root, dir)], { encoding: 'utf8' }).split('\n')
        : []
      )
        .filter(Boolean)
        .map((name) => join(root, dir, name, 'node_modules')),
    )
    .filter(existsSync),
  join(root, 'test-fixtures/node_modules'),
];
function link(name) {
  if (existsSync(join(modules, name))) return true;
  for (const base of searchPaths) {
    if (existsSync(join(base, name, 'package.json'))) {
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(join(base, name), join(modules, name));
      return true;
    }
  }
  return false;
}
const texts = compiled.flatMap((b) => (b.context ? [b.code, b.context.code] : [b.code]));
const specifiers = new Set(
  texts.flatMap((text) =>
    [...text.matchAll(/(?:from|import)\s*\(?\s*'([^'./][^']*)'/g)].map((m) => m[1]),
  ),
);
for (const specifier of specifiers) {
  if (specifier.startsWith('node:') || specifier.startsWith('@realmguard/')) continue;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
  if (!link(name))
    problems.push(`a snippet imports ${name}, which no workspace package has installed`);
  link(typesName);
}
link('@types/node');

const files = [];
compiled.forEach((block, index) => {
  const prelude = block.context ? `${contextFor(block.context, topLevelNames(block.code))}\n` : '';
  const name = `snippet-${String(index).padStart(3, '0')}.ts`;
  writeFileSync(join(project, name), `${prelude}${block.code}\nexport {};\n`);
  files.push({ name, block, offset: prelude.split('\n').length - 1 });
});
writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }));
writeFileSync(
  join(project, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      skipLibCheck: true,
      // NestJS's decorators (the @realmguard/nestjs README) are TypeScript's legacy decorators.
      experimentalDecorators: true,
    },
    include: ['*.ts'],
  }),
);

// 4. Compile, and report each error at its README line.
let output = '';
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', project, '--pretty', 'false'],
    { encoding: 'utf8', cwd: project },
  );
} catch (error) {
  output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  if (!output.trim()) throw error;
}
for (const line of output.split('\n').filter(Boolean)) {
  const match = /^(snippet-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
  const file = match && files.find((f) => f.name === match[1]);
  if (!file) {
    problems.push(line);
    continue;
  }
  const at = Number(match[2]) - file.offset;
  problems.push(
    at >= 1
      ? `${file.block.file}:${file.block.line + at - 1}:${match[3]}: ${match[4]}`
      : `${file.block.file}:${file.block.context.line + Number(match[2]) - 1}:${match[3]}: (the context, compiled with the block at line ${file.block.line}) ${match[4]}`,
  );
}

const skipped = blocks.length - compiled.length;
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(
    `\ncheck-snippets: ${problems.length} problem(s) in ${blocks.length} TypeScript blocks (scratch project kept in ${project})`,
  );
  process.exit(1);
}
rmSync(project, { recursive: true, force: true });
console.log(
  `check-snippets: ${compiled.length} TypeScript blocks compile under --strict (${skipped} skipped as fragments)`,
);
