// Finds the documentation files and the TypeScript code blocks in them, with the directives that
// precede each block. Used by scripts/check-snippets.mjs.
//
// Directives are HTML comments (invisible on GitHub and npm) on the lines before a block:
//   <!-- snippet: skip REASON -->      the block is a fragment that cannot compile (say why)
//   <!-- snippet: file PATH -->        the block must be identical to PATH (relative to the root)
// and, once per file before its blocks, the names that its fragments use without declaring:
//   <!-- snippets: context
//   import express from 'express';
//   declare const app: express.Express;
//   -->
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'docs', '.packs', 'coverage']);
const DOC_NAMES = new Set(['README.md', 'CONTRIBUTING.md']);

/** Every README.md and CONTRIBUTING.md under root, outside dependencies and build output. */
export function documentationFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (DOC_NAMES.has(entry.name)) {
        found.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * @returns {{ file: string, line: number, code: string, skip?: string, sameAs?: string,
 *   context?: { line: number, code: string } }[]} line: the 1-based line of the first code line
 */
export function typescriptBlocks(root, file) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks = [];
  let context;
  let pending = {};
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (/^<!--\s*snippets:\s*context\s*$/.test(text)) {
      const end = lines.indexOf('-->', i);
      if (end < 0)
        throw new Error(`${file}:${i + 1}: "snippets: context" is not closed by a --> line`);
      context = { line: i + 2, code: lines.slice(i + 1, end).join('\n') };
      i = end;
      continue;
    }
    const directive = /^<!--\s*snippet:\s*(skip|file)\b\s*(.*?)\s*-->\s*$/.exec(text);
    if (directive) {
      const [, kind, value] = directive;
      if (!value) throw new Error(`${file}:${i + 1}: "snippet: ${kind}" needs a value`);
      if (kind === 'skip') pending.skip = value;
      if (kind === 'file') pending.sameAs = value;
      continue;
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (fence) {
      const [, indent, marker, language] = fence;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].trimStart().startsWith(marker)) end++;
      if (language === 'ts' || language === 'typescript') {
        const code = lines
          .slice(start, end)
          .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
          .join('\n');
        blocks.push({ file, line: start + 1, code, context, ...pending });
      } else if (Object.keys(pending).length > 0) {
        throw new Error(`${file}:${i + 1}: a snippet directive precedes a non-TypeScript block`);
      }
      pending = {};
      i = end;
      continue;
    }
    if (text.trim() !== '' && Object.keys(pending).length > 0) {
      throw new Error(`${file}:${i + 1}: a snippet directive must come right before a code block`);
    }
  }
  return blocks;
}
