/** A writable text stream, as much of `process.stdout` as the CLI uses. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal: only then is output coloured. */
  readonly isTTY?: boolean;
}

/**
 * Everything the CLI touches outside itself. `run(argv, io)` takes it so that tests call the CLI
 * in-process with their own streams, fetch and clock.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** The one fetch every request to the identity provider goes through. */
  readonly fetch: typeof fetch;
  /** The clock, in epoch milliseconds. */
  readonly now: () => number;
  /** Reads a UTF-8 text file; the path `-` means standard input. */
  readonly readFile: (path: string) => Promise<string>;
  /** Environment variables (`NO_COLOR`, `REALMGUARD_CLIENT_SECRET`). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
