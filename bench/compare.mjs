// Quick side-by-side of a few HTTP servers, for working on the hot path (the full run is run.mjs).
// Usage: node bench/compare.mjs <server> <server> ... [--tokens=one|many] [--cache=false]
//        [--seconds=3] [--rounds=3] [--connections=16]
// Servers are the modules of bench/http/servers; ratios are to the first one, per round.
import { createTestKeycloak } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { load, measure, startServer } from './http/run.mjs';
import { median, spread } from './stats.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const names = argv.filter((a) => !a.startsWith('--'));
const seconds = Number(arg('seconds', 3));
const rounds = Number(arg('rounds', 3));
const connections = Number(arg('connections', 16));
const cache = arg('cache', 'true') !== 'false';

const kc = createTestKeycloak();
const issuer = await listen(kc);
const realm = await kc.createRealm();
const many = [];
for (let i = 0; i < (arg('tokens', 'one') === 'one' ? 1 : 1000); i++) {
  many.push(
    await realm.accessToken({ user: 'alice', client: 'orders-web-mapped', lifetime: 3600 }),
  );
}
const options = { issuer: realm.issuer, jwksUri: realm.jwksUri, audience: 'orders-api', cache };
const servers = [];
for (const name of names) {
  const server = await startServer(name, name, options);
  await load(server.url, many, connections, 1);
  servers.push(server);
}
const results = names.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (const [i, server] of servers.entries()) {
    results[i].push(await measure(server, many, connections, seconds));
  }
}
for (const server of servers) server.child.kill();
await issuer.close();

for (const [i, name] of names.entries()) {
  const ratios = results[i].map((r, round) => r.rps / results[0][round].rps);
  const rps = median(results[i].map((r) => r.rps));
  const cpu = median(results[i].map((r) => r.cpuPerRequest));
  console.log(
    `${name.padEnd(24)} ${String(Math.round(rps)).padStart(6)} req/s  ×${median(ratios).toFixed(2)} ` +
      `(${spread(ratios)})  ${cpu.toFixed(1)} µs CPU/req`,
  );
}
