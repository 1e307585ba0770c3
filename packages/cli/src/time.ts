/** Claims that hold NumericDate values (seconds since the epoch). */
export const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

/** A duration in seconds as people say it: `4 min 59 s`, `2 h 5 min`, `3 d 4 h`. */
export function humanDuration(seconds: number): string {
  let rest = Math.round(Math.abs(seconds));
  if (rest < 60) return `${rest} s`;
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const out: string[] = [];
  for (const [name, size] of units) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
    if (out.length === 2) break;
  }
  return out.join(' ');
}

/** `in 4 min 59 s` / `5 s ago` / `now`, relative to `nowMs`. */
export function relative(epochSeconds: number, nowMs: number): string {
  const delta = epochSeconds - nowMs / 1000;
  if (Math.abs(delta) < 1) return 'now';
  return delta > 0 ? `in ${humanDuration(delta)}` : `${humanDuration(delta)} ago`;
}

/** ISO 8601 UTC without milliseconds: `2026-11-28T12:05:00Z`. */
export function isoTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? 'invalid date' : date.toISOString().replace('.000Z', 'Z');
}

/** `2026-11-28T12:05:00Z (in 4 min 59 s)`. */
export function humanTime(epochSeconds: number, nowMs: number): string {
  return `${isoTime(epochSeconds)} (${relative(epochSeconds, nowMs)})`;
}
