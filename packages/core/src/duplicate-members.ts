/**
 * RFC 7519 §4: a JWT whose header or claims set repeats a member name must be rejected (or read
 * "lexically last"). Parsers disagree on which duplicate wins, so realmguard rejects them all.
 * JSON.parse cannot tell (the last one silently wins), but it keeps one member per distinct
 * name: the text has a duplicate exactly when it names more members than the parsed value has.
 * Counting both is a fraction of the cost of collecting every name in a set.
 */
const BACKSLASH = 92;
const COLON = 58;
const QUOTE = 34;

/** Index of the quote that closes the string opened at `start`. */
function stringEnd(json: string, start: number): number {
  let end = json.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
}

/** Member names in JSON text: in JSON that parses, a colon outside strings follows each one. */
function namesInText(json: string): number {
  let names = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code === QUOTE) i = stringEnd(json, i);
    else if (code === COLON) names++;
  }
  return names;
}

/** Members of every object in a parsed JSON value. */
function membersOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let members = 0;
  if (Array.isArray(value)) {
    for (const item of value) members += membersOf(item);
    return members;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) members += 1 + membersOf(record[key]);
  return members;
}

/**
 * Whether JSON text repeats a member name in one object (`"a"` and `"\u0061"` are the same
 * name). Only called on text JSON.parse accepted; pass the parsed value when there is one.
 *
 * @example
 * ```ts
 * hasDuplicateMembers('{"iss":"a","iss":"b"}'); // true
 * ```
 */
export function hasDuplicateMembers(json: string, parsed: unknown = JSON.parse(json)): boolean {
  return namesInText(json) !== membersOf(parsed);
}
