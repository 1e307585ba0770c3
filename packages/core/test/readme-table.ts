/**
 * The body rows of the first Markdown table under `## heading` in `markdown`, as trimmed cells.
 * Throws when the heading or its table is missing, so a renamed section fails the README tests.
 */
export function readmeTable(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const rows: string[][] = [];
  for (let i = start + 1; i < lines.length && !lines[i]!.startsWith('## '); i++) {
    const line = lines[i]!.trim();
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  if (rows.length < 3) throw new Error(`no table under "## ${heading}"`);
  return rows.slice(2); // the header row and the |---| row
}
