// The fault campaign of issue 9 (`pnpm bench:faults`, not in CI): an Express API and a Hono API
// (each in its own process, realmguard with introspection for opaque tokens) under autocannon,
// with valid users' tokens and attacker traffic mixed, while the test realm (real HTTP on
// 127.0.0.1) restarts, hangs, rotates its key, serves a garbage JWKS, takes an unknown-kid flood,
// and has its introspection answer 500 and then hang. Writes bench/reports/faults-<date>.md.
// Usage: node bench/faults/run.mjs [--rate=250] [--connections=32] [--scale=1] [--dump=file.json]
// (`pnpm bench:faults` builds first: the APIs import the packages' dist).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestKeycloak, ENDPOINT_NAMES } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { PHASES } from './phases.mjs';
import { renderReport } from './report.mjs';
import { attackerTokens, freshOpaque, validJwts } from './tokens.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) =>
  Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rate = arg('rate', 250);
const connections = arg('connections', 32);
const scale = arg('scale', 1);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const log = (line) => console.error(`[faults] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms * scale));

/** A free port on 127.0.0.1, so that the realm comes back at the same address after a restart. */
async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const kc = createTestKeycloak({ baseUrl: base, frontendUrl: base });
const realm = await kc.createRealm();
let server = await listen(kc, { port });
const idp = {
  kc,
  realm,
  async stop() {
    await server.close();
  },
  async start() {
    server = await listen(kc, { port });
  },
};
const clientSecret = realm.client('orders-api').secret;
log(`realm ${realm.issuer}`);

async function startApi(framework) {
  const options = {
    issuer: realm.issuer,
    audience: 'orders-api',
    introspection: { clientId: 'orders-api', clientSecret, use: 'opaque' },
  };
  const child = fork(here('./api-server.mjs'), [framework, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--expose-gc'],
  });
  const [message] = await once(child, 'message');
  return { name: framework, child, url: `http://127.0.0.1:${message.port}` };
}
const apis = [await startApi('express'), await startApi('hono')];

const jwt = await validJwts(realm, 100);
const pools = {
  jwt,
  newkey: [],
  fresh: await freshOpaque(realm, 200),
  ...(await attackerTokens(realm, jwt)),
};
const load = fork(here('./load.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
load.send({ pools });
// Per API: valid users (cached keys), valid users with never-seen opaque tokens, attackers.
const lanes = [
  { name: 'users', mix: 'users', connections: connections / 2, rate: Math.round(rate * 0.5) },
  { name: 'fresh', mix: 'fresh', connections: connections / 4, rate: Math.round(rate * 0.15) },
  { name: 'attackers', mix: 'attack', connections: connections / 2, rate: Math.round(rate * 0.35) },
];
load.send({ targets: apis.map(({ name, url }) => ({ name, url })), lanes });
log(
  `load per API: ${lanes.map((l) => `${l.name} ${l.connections} connections ${l.rate}/s`).join(', ')}`,
);

// Never-seen opaque tokens keep coming (new sessions), so that some requests always need the IdP.
const minting = setInterval(() => {
  freshOpaque(realm, 10).then(
    (fresh) => load.send({ fresh }),
    () => undefined,
  );
}, 100);

// Memory and event counts of each API, sampled twice a second into the current phase.
const phases = [];
let current;
const sampling = setInterval(() => {
  for (const api of apis) api.child.send({ memory: true });
}, 500);
for (const api of apis) {
  api.child.on('message', (message) => {
    if (!message.memory || !current) return;
    const m = (current.memory[api.name] ??= { heapMax: 0, rssMax: 0 });
    m.heapMax = Math.max(m.heapMax, message.memory.heapUsed);
    m.rssMax = Math.max(m.rssMax, message.memory.rss);
    if (message.gc) m.heapAfterGc = message.memory.heapUsed;
    current.eventsFirst[api.name] ??= message.events;
    current.eventsLast[api.name] = message.events;
  });
}

const counters = () => Object.fromEntries(ENDPOINT_NAMES.map((e) => [e, realm.counters.get(e)]));
const context = {
  idp,
  sleep,
  snapshot: () => ({ at: Date.now(), counts: counters() }),
  newKeyTokens: async () => {
    pools.newkey = await validJwts(realm, 50);
    load.send({ pools: { newkey: pools.newkey } });
  },
  mix: (name) => load.send({ mix: name === 'flood' ? 'flood' : 'attack' }),
};
for (const spec of PHASES) {
  const before = counters();
  current = {
    name: spec.name,
    does: spec.does,
    start: Date.now(),
    memory: {},
    eventsFirst: {},
    eventsLast: {},
  };
  log(`phase ${spec.name}: ${spec.does}`);
  const { duringFault, ...moments } = await spec.run(context);
  Object.assign(current, moments);
  current.end = Date.now();
  if (duringFault) {
    current.faultEnd = duringFault.at;
    current.idpDuringFault = Object.fromEntries(
      ENDPOINT_NAMES.map((e) => [e, duringFault.counts[e] - before[e]]),
    );
  }
  await Promise.all(
    apis.map(async (api) => {
      const reply = new Promise((resolve) => {
        const onMessage = (message) => {
          if (!message.gc) return;
          api.child.off('message', onMessage);
          resolve();
        };
        api.child.on('message', onMessage);
      });
      api.child.send({ memory: true, gc: true });
      await reply;
    }),
  );
  const after = counters();
  current.idp = Object.fromEntries(ENDPOINT_NAMES.map((e) => [e, after[e] - before[e]]));
  phases.push(current);
}
clearInterval(minting);
clearInterval(sampling);

load.send({ stop: true });
const [results] = await once(load, 'message');
for (const api of apis) api.child.kill();
await server.close();

const dump = argv.find((a) => a.startsWith('--dump='))?.slice(7);
if (dump) writeFileSync(dump, JSON.stringify({ phases, results }));

const started = new Date(phases[0].start);
const machine =
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} at the end`;
const rendered = renderReport({
  phases,
  results,
  apis: apis.map((a) => a.name),
  lanes,
  started,
  machine,
});
const date = started.toISOString().slice(0, 10);
mkdirSync(here('../reports'), { recursive: true });
const file = here(`../reports/faults-${date}.md`);
// Formatted as the repository's prettier check expects, so that a report can be committed as is.
const prettier = await import('prettier');
const markdown = await prettier.format(rendered, {
  ...(await prettier.resolveConfig(file)),
  parser: 'markdown',
});
writeFileSync(file, markdown);
console.log(markdown);
log(`report written to ${file}`);
process.exit(0);
