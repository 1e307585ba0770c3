// The whole benchmark: micro (raw RS256 vs jose vs realmguard), cold start, HTTP against the
// peers for Express, Koa, Hono, Fastify and NestJS, and memory; writes bench/reports/<date>.md and prints it.
// Usage: node bench/run.mjs [--quick] [--seconds=5] [--rounds=3] [--connections=16]
//        [--skip=micro,http,memory]   (run `pnpm run build` first; `pnpm bench` does)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestKeycloak } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { coldStart } from './cold-start.mjs';
import { FRAMEWORKS, runHttp } from './http/run.mjs';
import { median, spread } from './stats.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const arg = (name, fallback) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const seconds = Number(arg('seconds', quick ? 1 : 5));
const rounds = Number(arg('rounds', quick ? 1 : 3));
const connections = Number(arg('connections', 16));
const skip = new Set(arg('skip', '').split(',').filter(Boolean));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const log = (line) => console.error(`[bench] ${line}`);

const started = new Date();
const machine = {
  node: process.version,
  cpu:
    readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model,
  cores: cpus().length,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  loadBefore: loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
};

const kc = createTestKeycloak();
const issuerServer = await listen(kc);
const realm = await kc.createRealm();
const mint = () =>
  realm.accessToken({ user: 'alice', client: 'orders-web-mapped', lifetime: 3600 });
const many = [];
for (let i = 0; i < 1000; i++) many.push(await mint());
const tokens = { one: [many[0]], many };
log(`issuer ${realm.issuer}, ${many.length} tokens minted`);

const cold = await coldStart({ kc, realm, tokens: many });
log(`cold start: ${JSON.stringify(cold)}`);

let micro;
if (!skip.has('micro')) {
  log('micro…');
  const out = execFileSync(
    process.execPath,
    [here('./micro.mjs'), '--json', `--seconds=${quick ? 0.3 : 1}`, `--rounds=${quick ? 1 : 3}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  micro = JSON.parse(out);
}

let http;
if (!skip.has('http')) {
  http = await runHttp({
    issuer: realm.issuer,
    jwksUri: realm.jwksUri,
    tokens,
    rounds,
    seconds,
    connections,
    log,
  });
}
await issuerServer.close();

let memory;
if (!skip.has('memory')) {
  log('memory…');
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', here('./memory.mjs'), '--json', `--tokens=${quick ? 100_000 : 1_000_000}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  memory = JSON.parse(result.stdout);
}
machine.loadAfter = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

// ---- report ----
const lines = [];
const out = (line = '') => lines.push(line);
const fixed = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const MiB = 2 ** 20;
const rawRow = micro?.rows.find((row) => row.name.startsWith('raw') && row.inFlight === 1);
const rawCpu = rawRow ? median(rawRow.cpu) : undefined;

out(`# realmguard benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
out();
out(
  `Node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.memory} · ` +
    `load average ${machine.loadBefore} before, ${machine.loadAfter} after` +
    (quick ? ' · **quick run**' : ''),
);
out();
out(
  `HTTP: ${seconds} s per cell, ${connections} connections, ${rounds} round(s) interleaved; ` +
    'every server and autocannon in processes of their own; figures are medians over rounds, ' +
    'ratios are to the same framework’s bare route in the same round (min–max over rounds). ' +
    'CPU is the server process’s user+system time per 2xx response.',
);

if (micro) {
  out();
  out('## Micro: verifications per second');
  out();
  out(`| case | in flight | verifications/s | min–max | CPU µs/verification | × raw |`);
  out('| --- | --- | --- | --- | --- | --- |');
  const base = median(rawRow.rate);
  for (const row of micro.rows) {
    out(
      `| ${row.name} | ${row.inFlight} | ${Math.round(median(row.rate))} | ${spread(row.rate, 0)} | ` +
        `${fixed(median(row.cpu), 1)} | ${fixed(median(row.rate) / base)}× |`,
    );
  }
}

const targets = [];
if (http) {
  const byKey = new Map(http.cells.map((c) => [`${c.server}|${c.workload}`, c]));
  const ratio = (cell, bare, pick) => cell.rounds.map((r, i) => pick(r) / pick(bare.rounds[i]));
  const added = (cell, bare) =>
    cell.rounds.map((r, i) => r.cpuPerRequest - bare.rounds[i].cpuPerRequest);
  for (const [framework, modules] of Object.entries(FRAMEWORKS)) {
    out();
    out(`## HTTP: ${framework}`);
    for (const workload of ['one token', '1,000 tokens', 'cache off']) {
      const bare = byKey.get(`${modules[0]}|${workload}`);
      if (!bare) continue;
      out();
      out(`### ${workload}`);
      out();
      out(
        '| server | req/s | × bare (min–max) | p50 ms | p99 ms | p99 × bare | CPU µs/req | × bare | added CPU ÷ raw verify |',
      );
      out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      const ids = [...modules, `${framework}-raw-verify`, `${framework}-realmguard-nocache`];
      for (const id of ids) {
        const cell = byKey.get(`${id}|${workload}`);
        if (!cell) continue;
        const rps = ratio(cell, bare, (r) => r.rps);
        const p99 = ratio(cell, bare, (r) => r.p99 || 0.5);
        const cpu = ratio(cell, bare, (r) => r.cpuPerRequest);
        const extra = median(added(cell, bare));
        out(
          `| ${id.replace(`${framework}-`, '')} | ${Math.round(median(cell.rounds.map((r) => r.rps)))} | ` +
            `${fixed(median(rps))} (${spread(rps)}) | ${median(cell.rounds.map((r) => r.p50))} | ` +
            `${median(cell.rounds.map((r) => r.p99))} | ${fixed(median(p99))} | ` +
            `${fixed(median(cell.rounds.map((r) => r.cpuPerRequest)), 1)} | ${fixed(median(cpu))} | ` +
            `${id === modules[0] || !rawCpu ? '' : `${fixed(extra / rawCpu)}×`} |`,
        );
        if (id === 'nest-realmguard' && workload !== 'cache off') {
          // Nest: realmguard adds no more CPU per request than the Express adapter does.
          const express = byKey.get(`express-realmguard|${workload}`);
          const expressBare = byKey.get(`express-bare|${workload}`);
          const expressExtra = express && expressBare ? median(added(express, expressBare)) : NaN;
          targets.push({
            target: `nest ${workload}: added CPU/req ≤ the Express adapter's (${fixed(expressExtra, 1)} µs)`,
            value: `${fixed(extra, 1)} µs`,
            met: extra <= expressExtra,
          });
        } else if (id.endsWith('-realmguard') && workload !== 'cache off') {
          const want = { express: 0.95, koa: 0.85, hono: 0.8, fastify: 0.85 }[framework];
          const noop = byKey.get(`${framework}-noop|${workload}`);
          const floor = noop
            ? ` (a no-op middleware: ${fixed(median(ratio(noop, bare, (r) => r.rps)))}×)`
            : '';
          targets.push({
            target: `${framework} ${workload}: realmguard ≥ ${want}× bare req/s`,
            value: `${fixed(median(rps))}× (${spread(rps)})${floor}`,
            met: median(rps) >= want,
          });
        }
        const rawCell = byKey.get(`${framework}-raw-verify|${workload}`);
        if (id.endsWith('-nocache') && rawCell) {
          const rawHttp = median(added(rawCell, bare));
          targets.push({
            target: `${framework} cache off: added CPU ≤ 1.5× raw verify added by the raw-verify server (${fixed(rawHttp, 1)} µs, same load)`,
            value: `${fixed(extra, 1)} µs = ${fixed(extra / rawHttp)}×`,
            met: extra / rawHttp <= 1.5,
          });
        }
        if (id.endsWith('-nocache') && rawCpu) {
          targets.push({
            target: `${framework} cache off: added CPU ≤ 1.5× one raw RS256 verify in the micro run (${fixed(rawCpu, 1)} µs, idle core)`,
            value: `${fixed(extra, 1)} µs = ${fixed(extra / rawCpu)}× (${spread(added(cell, bare).map((x) => x / rawCpu))})`,
            met: extra / rawCpu <= 1.5,
          });
        }
      }
    }
  }
  const failed = http.gates.filter((g) => !g.ok);
  out();
  out(
    `Correctness gate (valid → 200, bad signature → 401, no token → 401; bare and no-op routes: valid → 200): ` +
      `${http.gates.length - failed.length}/${http.gates.length} servers passed` +
      (failed.length ? `; excluded: ${failed.map((g) => `${g.id} (${g.got})`).join(', ')}` : '.'),
  );
}

out();
out('## Cold start');
out();
out(
  `${cold.concurrent} concurrent first verifications: ${cold.cold.discovery} discovery fetch, ` +
    `${cold.cold.jwks} JWKS fetch. After \`warmUp()\` (${cold.warmUp.discovery} discovery, ` +
    `${cold.warmUp.jwks} JWKS), the same ${cold.concurrent} requests fetched ` +
    `${cold.afterWarmUpRequests.discovery + cold.afterWarmUpRequests.jwks} times.`,
);
targets.push({
  target:
    'cold start: N concurrent first requests → 1 discovery, 1 JWKS fetch; warmUp() prefetches',
  value: `${cold.cold.discovery} + ${cold.cold.jwks}; after warmUp ${cold.afterWarmUpRequests.discovery + cold.afterWarmUpRequests.jwks}`,
  met:
    cold.cold.discovery === 1 &&
    cold.cold.jwks === 1 &&
    cold.afterWarmUpRequests.discovery + cold.afterWarmUpRequests.jwks === 0,
});

if (memory) {
  out();
  out('## Memory');
  out();
  out(
    `${memory.tokens.toLocaleString('en')} distinct valid tokens (HS256, Keycloak claims) through one ` +
      `verifier with default settings in ${fixed(memory.seconds, 0)} s: ${memory.entries} cache entries ` +
      `(bound ${memory.maxEntries}), cache-estimated ${fixed(memory.cacheBytes / MiB, 1)} MiB ` +
      `(bound ${fixed(memory.maxBytes / MiB, 0)} MiB); heap ${fixed(memory.heapBefore / MiB, 1)} MiB → ` +
      `${fixed(memory.heapAfter / MiB, 1)} MiB after GC (growth ${fixed(memory.growth / MiB, 1)} MiB), ` +
      `peak ${fixed(memory.heapPeak / MiB, 1)} MiB between collections.`,
  );
  targets.push({
    target: `memory: heap growth after 1M tokens within the cache bounds (${memory.maxEntries} entries, ${fixed(memory.maxBytes / MiB, 0)} MiB)`,
    value: `${memory.entries} entries, ${fixed(memory.growth / MiB, 1)} MiB`,
    met: memory.withinBounds,
  });
}

out();
out('## Targets');
out();
out('| target | measured | met |');
out('| --- | --- | --- |');
for (const t of targets) out(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);

const dir = here('./reports/');
mkdirSync(dir, { recursive: true });
const file = `${dir}${started.toISOString().slice(0, 10)}${quick ? '-quick' : ''}.md`;
// Formatted as the repository's prettier check expects, so that a report can be committed as is.
const prettier = await import('prettier');
const report = await prettier.format(`${lines.join('\n')}\n`, {
  ...(await prettier.resolveConfig(file)),
  parser: 'markdown',
});
writeFileSync(file, report);
console.log(report);
log(`report written to ${file}`);
