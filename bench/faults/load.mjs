// The fault campaign's load generator, in its own process. Receives {targets: [{name, url}],
// lanes} over IPC, then token pools ({pools}), fresh opaque tokens ({fresh}) and the attacker's
// mix ({mix}) while it runs; on {stop} it sends back every response, bucketed per 50 ms, per
// API, token category and status: {buckets: [[api, category, status, bucket, count, latencySum,
// latencyMax]], errors}.
// Each API gets one autocannon instance per lane (valid users with cached keys, valid users
// with never-seen opaque tokens, attackers), each with connections of its own, as independent
// clients would have: requests held by a hanging IdP in one lane do not starve the others.
// Besides, every 100 ms each API gets two probes on connections of their own (a never-seen
// opaque token, and a JWT of the newest key once there is one), whatever is still pending: the
// moment the IdP answers again, or a new key is published, the next probe shows it.
import { request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { BUCKET_MS } from './shared.mjs';

/** Category weights per mix. */
const MIXES = {
  users: { jwt: 4, newkey: 1 },
  fresh: { fresh: 1 },
  attack: { junk: 1, unknownKid: 1, forged: 1, opaqueJunk: 2 },
  flood: { unknownKid: 1 },
};

const pools = {
  jwt: [],
  newkey: [],
  fresh: [],
  junk: [],
  unknownKid: [],
  forged: [],
  opaqueJunk: [],
};
const lanes = new Map();
const cursors = {};
const stats = new Map();
const errors = {};
const instances = [];

/** A repeating sequence of categories with the mix's proportions (deterministic). */
function scheduleOf(mix) {
  const out = [];
  for (const [category, weight] of Object.entries(mix)) {
    for (let i = 0; i < weight; i++) out.push(category);
  }
  // Interleave: spread each category over the cycle instead of runs of one category.
  return out
    .map((c, i) => [((i * 7919) % out.length) + i / out.length, c])
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c);
}

function nextToken(lane) {
  const { schedule } = lane;
  for (let attempt = 0; attempt < schedule.length; attempt++) {
    let category = schedule[lane.tick++ % schedule.length];
    // Before the rotation there is no newest key: its share goes to the valid users' JWTs.
    if (category === 'newkey' && pools.newkey.length === 0) category = 'jwt';
    const pool = pools[category];
    if (pool.length === 0) continue;
    if (category === 'fresh') {
      // Each never-seen opaque token is used once (the newest first); reuse only when none is left.
      const token = pool.length > 1 ? pool.pop() : pool[0];
      return { category, token };
    }
    const i = (cursors[category] = ((cursors[category] ?? -1) + 1) % pool.length);
    return { category, token: pool[i] };
  }
  return { category: 'jwt', token: pools.jwt[0] ?? 'none' };
}

function record(api, category, status, latency) {
  const bucket = Math.floor(Date.now() / BUCKET_MS);
  const key = `${api}|${category}|${status}|${bucket}`;
  const entry = stats.get(key);
  if (entry) {
    entry[0]++;
    entry[1] += latency;
    entry[2] = Math.max(entry[2], latency);
  } else stats.set(key, [1, latency, latency]);
}

function start({ targets, lanes: specs }) {
  for (const spec of specs)
    lanes.set(spec.name, { schedule: scheduleOf(MIXES[spec.mix]), tick: 0 });
  for (const { name, url } of targets) {
    errors[name] = { errors: 0, timeouts: 0 };
    for (const spec of specs) {
      const lane = lanes.get(spec.name);
      const instance = autocannon({
        url,
        connections: spec.connections,
        overallRate: spec.rate,
        duration: 3600,
        timeout: 20,
        requests: [
          {
            method: 'GET',
            path: '/',
            setupRequest(request, context) {
              const { category, token } = nextToken(lane);
              context.category = category;
              context.sentAt = Date.now();
              return { ...request, headers: { authorization: `Bearer ${token}` } };
            },
            onResponse(status, _body, context) {
              record(name, context.category, status, Date.now() - context.sentAt);
            },
          },
        ],
      });
      instance.on('reqError', (error) => {
        if (/time ?out/i.test(String(error?.message ?? error))) errors[name].timeouts++;
        else errors[name].errors++;
      });
      instances.push(instance);
    }
  }
}

/** One request on a connection of its own; its answer is recorded as `category`. */
function probe(api, url, category, token) {
  const sentAt = Date.now();
  const req = httpRequest(
    url,
    { headers: { authorization: `Bearer ${token}` }, agent: false, timeout: 20_000 },
    (res) => {
      res.resume();
      res.on('end', () => record(api, category, res.statusCode, Date.now() - sentAt));
    },
  );
  req.on('error', () => errors[api].errors++);
  req.on('timeout', () => req.destroy());
  req.end();
}

let probing;
function startProbes(targets) {
  probing = setInterval(() => {
    for (const { name, url } of targets) {
      const fresh = pools.fresh.length > 1 ? pools.fresh.pop() : undefined;
      if (fresh) probe(name, url, 'probe', fresh);
      const newest = pools.newkey[Math.floor(Math.random() * pools.newkey.length)];
      if (newest) probe(name, url, 'probeNewkey', newest);
    }
  }, 100);
}

process.on('message', (message) => {
  if (message.targets) {
    start(message);
    startProbes(message.targets);
  }
  if (message.pools) Object.assign(pools, message.pools);
  if (message.fresh) {
    pools.fresh.push(...message.fresh);
    // Keep the newest few hundred: older ones were minted for an earlier moment.
    if (pools.fresh.length > 500) pools.fresh.splice(0, pools.fresh.length - 500);
  }
  if (message.mix) {
    const lane = lanes.get('attackers');
    lane.schedule = scheduleOf(MIXES[message.mix]);
  }
  if (message.stop) {
    clearInterval(probing);
    for (const instance of instances) instance.stop();
    const buckets = [];
    for (const [key, [count, sum, max]] of stats) {
      const [api, category, status, bucket] = key.split('|');
      buckets.push([api, category, Number(status), Number(bucket), count, sum, max]);
    }
    process.send({ buckets, errors }, () => process.disconnect());
  }
});
