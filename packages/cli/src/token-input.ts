import type { CliIo } from './io.js';
import { normalizeToken } from './token.js';
import { UsageError } from './usage.js';

/**
 * The token from `--token`/a positional argument or from `--token-file` (`-`: stdin), without
 * a leading `Bearer `. Undefined when none was given.
 */
export async function readToken(
  io: CliIo,
  inline: string | undefined,
  file: string | undefined,
): Promise<string | undefined> {
  if (inline !== undefined && file !== undefined) {
    throw new UsageError('give the token either inline or with --token-file, not both');
  }
  let raw = inline;
  if (file !== undefined) {
    try {
      raw = await io.readFile(file);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new UsageError(
        `cannot read the token file ${file === '-' ? '(stdin)' : file}${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    }
  }
  if (raw === undefined) return undefined;
  const token = normalizeToken(raw);
  if (token === '') throw new UsageError('the token is empty');
  return token;
}
