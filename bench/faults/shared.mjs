// What the fault campaign's processes agree on.

/** Responses are counted per time bucket of this many milliseconds. */
export const BUCKET_MS = 50;

/** Token categories: valid ones first, then the attacker's. */
export const VALID = ['jwt', 'newkey', 'fresh', 'probe', 'probeNewkey'];
export const ATTACKER = ['junk', 'unknownKid', 'forged', 'opaqueJunk'];

/** What each category is, in the report's words. */
export const CATEGORY_NAMES = {
  jwt: 'valid JWT (key cached)',
  newkey: 'valid JWT of the newest key',
  fresh: 'valid opaque token, never seen',
  probe: 'probe: never-seen opaque token on a connection of its own, every 100 ms',
  probeNewkey: 'probe: newest-key JWT on a connection of its own, every 100 ms',
  junk: 'junk',
  unknownKid: 'unknown kid',
  forged: 'forged signature',
  opaqueJunk: 'opaque junk',
};
