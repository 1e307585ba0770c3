import { parseArgs } from 'node:util';
import { decodedJson, decodeToken, renderDecoded } from '../decode.js';
import type { CliIo } from '../io.js';
import { renderJson } from '../report/json.js';
import { readToken } from '../token-input.js';
import { DECODE_USAGE, UsageError } from '../usage.js';

/** `realmguard decode <token>`: header and claims, nothing verified. */
export async function decodeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      'token-file': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(DECODE_USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError('decode takes one token (quote it if it has "Bearer " in front)');
  }
  const token = await readToken(io, positionals[0], values['token-file']);
  if (token === undefined) throw new UsageError('decode needs a token or --token-file');
  const decoded = decodeToken(token);
  if ('error' in decoded) {
    io.stderr.write(`realmguard: ${decoded.error}\n`);
    return 1;
  }
  const now = io.now();
  io.stdout.write(
    values.json ? renderJson(decodedJson(decoded, now)) : renderDecoded(decoded, now),
  );
  return 0;
}
