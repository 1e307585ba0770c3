#!/usr/bin/env node
// Every value a package exports (function, class, constant) has TSDoc with an @example. Reads
// each export subpath of each publishable package from its `@realmguard/source` file with the
// TypeScript compiler, follows re-exports to the declaration, and lists the values without one.
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { publishablePackages, root } from './workspace-packages.mjs';

const ts = createRequire(import.meta.url)('typescript');
const entries = publishablePackages().flatMap((pkg) =>
  pkg.entries
    .filter((e) => e.source)
    .map((e) => ({ specifier: e.specifier, file: join(pkg.dir, e.source) })),
);
const program = ts.createProgram(
  entries.map((e) => e.file),
  {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@realmguard/source'],
    allowJs: false,
    noEmit: true,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();
const VALUE =
  ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum;

/** Whether a declaration's TSDoc has an @example (for `export const { a } = f()`, a's property). */
function documented(declaration) {
  if (ts.isBindingElement(declaration)) {
    const name = (declaration.propertyName ?? declaration.name).getText();
    const property = checker.getTypeAtLocation(declaration.parent).getProperty(name);
    return (property?.declarations ?? []).some((d) => d !== declaration && documented(d));
  }
  const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  if (ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example')) return true;
  // `{@inheritDoc @realmguard/core/adapter!Requirements.requireRole}`: the example of the target.
  const inherited = /\{@inheritDoc\s+([^!\s}]+)!([\w.]+)\s*\}/.exec(node.getFullText());
  return inherited !== null && documented(...resolve(inherited[1], inherited[2]));
}

/** The declarations a TSDoc declaration reference (`package!Name.member`) names. */
function resolve(specifier, path) {
  const entry = entries.find((e) => e.specifier === specifier);
  const source = entry && program.getSourceFile(entry.file);
  const module = source && checker.getSymbolAtLocation(source);
  let symbol =
    module && checker.getExportsOfModule(module).find((s) => s.name === path.split('.')[0]);
  for (const member of path.split('.').slice(1)) {
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    symbol = symbol?.members?.get(member);
  }
  if (!symbol?.declarations?.length)
    throw new Error(`{@inheritDoc ${specifier}!${path}}: not found`);
  return [symbol.declarations[0]];
}

const missing = [];
let count = 0;
for (const entry of entries) {
  const source = program.getSourceFile(entry.file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read ${entry.file}`);
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & VALUE)) continue;
    count++;
    const declarations = symbol.declarations ?? [];
    const hasExample = declarations.some((declaration) => documented(declaration));
    if (!hasExample) {
      const at = declarations[0];
      const where = at
        ? `${relative(root, at.getSourceFile().fileName)}:${at.getSourceFile().getLineAndCharacterOfPosition(at.getStart()).line + 1}`
        : '?';
      missing.push(`${entry.specifier}: ${exported.name} (${where})`);
    }
  }
}
if (missing.length > 0) {
  for (const line of missing) console.error(`no @example: ${line}`);
  console.error(
    `\ncheck-examples: ${missing.length} of ${count} exported values have no @example in their TSDoc`,
  );
  process.exit(1);
}
console.log(`check-examples: all ${count} exported values have an @example`);
