import { decodeCommand } from './commands/decode.js';
import { doctorCommand } from './commands/doctor.js';
import type { CliIo } from './io.js';
import { DECODE_USAGE, DOCTOR_USAGE, USAGE, UsageError } from './usage.js';
import { VERSION } from './version.js';

const HELP: Record<string, string> = { doctor: DOCTOR_USAGE, decode: DECODE_USAGE };

/** `parseArgs` reports bad flags as TypeErrors with an ERR_PARSE_ARGS_* code. */
function isParseArgsError(error: unknown): error is TypeError {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
  );
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr.write(USAGE);
      return 2;
    case 'help':
    case '--help':
    case '-h': {
      const topic = rest[0];
      if (topic !== undefined && HELP[topic] === undefined)
        throw new UsageError(`no help for "${topic}"`);
      io.stdout.write(topic === undefined ? USAGE : (HELP[topic] ?? USAGE));
      return 0;
    }
    case 'version':
    case '--version':
    case '-v':
      io.stdout.write(`${VERSION}\n`);
      return 0;
    case 'doctor':
      return doctorCommand(rest, io);
    case 'decode':
      return decodeCommand(rest, io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * Runs the CLI: `argv` without the node and script paths. Resolves to the exit code: 0 accepted
 * (or fine), 1 rejected (or failed), 2 usage error. Never throws for user input.
 *
 * @example
 * ```ts
 * const code = await run(['doctor', '--issuer', issuer, '--token', token], nodeIo());
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`realmguard: ${error.message}\nRun "realmguard help" for usage.\n`);
      return 2;
    }
    io.stderr.write(
      `realmguard: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}
