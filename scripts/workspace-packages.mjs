// The publishable packages of the workspace: every packages/*/package.json that is not private.
// Shared by pack-all, consumer-smoke, check-snippets and docs, so a new package is picked up by
// all of them without a list to update.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * @typedef {{ name: string, version: string, dir: string, manifest: Record<string, any>,
 *   entries: { specifier: string, source: string | undefined, types: string | undefined, default: string | undefined }[] }} WorkspacePackage
 */

/** @returns {WorkspacePackage[]} sorted by name */
export function publishablePackages() {
  const packagesDir = join(root, 'packages');
  const found = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(packagesDir, entry.name);
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.private || typeof manifest.name !== 'string') continue;
    found.push({
      name: manifest.name,
      version: manifest.version,
      dir,
      manifest,
      entries: entriesOf(manifest),
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every importable subpath of a package's `exports` (not `./package.json`), with its targets. */
function entriesOf(manifest) {
  const exportsField = manifest.exports ?? { '.': manifest.main ?? './index.js' };
  const entries = [];
  for (const [subpath, target] of Object.entries(exportsField)) {
    if (subpath === './package.json' || subpath.includes('*')) continue;
    const conditions = typeof target === 'string' ? { default: target } : target;
    entries.push({
      specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      source: conditions['@realmguard/source'],
      types: conditions.types,
      default: conditions.default ?? conditions.import,
    });
  }
  return entries;
}
