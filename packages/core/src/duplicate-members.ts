/**
 * RFC 7519 §4: a JWT whose header or claims set repeats a member name must be rejected (or read
 * "lexically last"). Parsers disagree on which duplicate wins, so realmguard rejects them all.
 * JSON.parse cannot tell (the last one silently wins): this scanner walks the JSON text once,
 * with one set of member names per open object.
 */
export function hasDuplicateMembers(json: string): boolean {
  const objects: Array<Set<string> | undefined> = [];
  let expectingKey = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (char === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const names = objects[objects.length - 1];
      if (expectingKey && names) {
        // Compare decoded names: "a" and "\u0061" are the same member.
        const name = JSON.parse(json.slice(i, end + 1)) as string;
        if (names.has(name)) return true;
        names.add(name);
        expectingKey = false;
      }
      i = end;
    } else if (char === '{') {
      objects.push(new Set());
      expectingKey = true;
    } else if (char === '[') {
      objects.push(undefined);
    } else if (char === '}' || char === ']') {
      objects.pop();
    } else if (char === ',') {
      expectingKey = objects[objects.length - 1] !== undefined;
    }
  }
  return false;
}
