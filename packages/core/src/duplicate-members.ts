/**
 * RFC 7519 §4: a JWT whose header or claims set repeats a member name must be rejected (or read
 * "lexically last"). Parsers disagree on which duplicate wins, so realmguard rejects them all.
 * JSON.parse cannot tell (the last one silently wins): this scanner walks the JSON text once,
 * with one set of member names per open object. Only called on text JSON.parse accepted.
 */
const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const COMMA = 44;

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

export function hasDuplicateMembers(json: string): boolean {
  const objects: Array<Set<string> | undefined> = [];
  let expectingKey = false;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code === QUOTE) {
      const end = stringEnd(json, i);
      const names = objects[objects.length - 1];
      if (expectingKey && names) {
        const raw = json.slice(i + 1, end);
        // Compare decoded names: "a" and "\u0061" are the same member.
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (names.has(name)) return true;
        names.add(name);
        expectingKey = false;
      }
      i = end;
    } else if (code === OPEN_OBJECT) {
      objects.push(new Set());
      expectingKey = true;
    } else if (code === OPEN_ARRAY) {
      objects.push(undefined);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      objects.pop();
    } else if (code === COMMA) {
      expectingKey = objects[objects.length - 1] !== undefined;
    }
  }
  return false;
}
