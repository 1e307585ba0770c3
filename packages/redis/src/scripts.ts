/**
 * Lua scripts the Redis store runs (EVAL), for what must happen atomically on the server.
 */

/**
 * Adds a member to a sorted set whose scores are expiry times (epoch ms), drops the members that
 * expired, and keeps the set alive as long as its longest-lived member (PEXPIRE only ever
 * lengthens it). Works on Redis 5 and later (no `PEXPIRE … GT`, which needs Redis 7).
 * KEYS[1] the set; ARGV: expiresAt, member, now, ttl.
 */
export const ADD_TO_SET = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1
`;
