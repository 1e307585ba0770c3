import type { CheckStatus } from '../doctor/types.js';

/** ANSI styling, or none. */
export interface Style {
  status(status: CheckStatus, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;
const COLOURS: Record<CheckStatus, (text: string) => string> = {
  pass: wrap(32, 39),
  fail: wrap(31, 39),
  warn: wrap(33, 39),
  skip: wrap(2, 22),
};

const plain: Style = { status: (_s, text) => text, bold: (text) => text, dim: (text) => text };
const ansi: Style = {
  status: (status, text) => COLOURS[status](text),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(
  stream: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY === true && !noColor ? ansi : plain;
}

/** The checklist mark of a status: ✔ ✖ ! -. */
export const MARKS: Record<CheckStatus, string> = { pass: '✔', fail: '✖', warn: '!', skip: '-' };
