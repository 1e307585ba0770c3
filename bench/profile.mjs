// Profiles one server under load: node bench/profile.mjs <server> [--cache=false] [--seconds=5]
// Writes a .cpuprofile to bench/reports/profiles/ and prints the top self-time functions.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestKeycloak } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';

const [name, ...rest] = process.argv.slice(2);
const cache = !rest.includes('--cache=false');
const seconds = Number(rest.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 5);
const dir = fileURLToPath(new URL('./reports/profiles/', import.meta.url));
mkdirSync(dir, { recursive: true });

const kc = createTestKeycloak();
const issuer = await listen(kc);
const realm = await kc.createRealm();
const tokens = [];
for (let i = 0; i < 1000; i++)
  tokens.push(
    await realm.accessToken({ user: 'alice', client: 'orders-web-mapped', lifetime: 3600 }),
  );
const options = { issuer: realm.issuer, jwksUri: realm.jwksUri, audience: 'orders-api', cache };
const server = fork(
  fileURLToPath(new URL('./http/server.mjs', import.meta.url)),
  [name, JSON.stringify(options)],
  {
    execArgv: [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-name=${name}${cache ? '' : '-nocache'}.cpuprofile`,
    ],
  },
);
const [{ port }] = await once(server, 'message');
const load = fork(fileURLToPath(new URL('./http/load.mjs', import.meta.url)));
load.send({ url: `http://127.0.0.1:${port}/`, tokens, connections: 16, seconds });
const [result] = await once(load, 'message');
server.disconnect();
await once(server, 'exit');
await issuer.close();

const file = readdirSync(dir).find((f) => f === `${name}${cache ? '' : '-nocache'}.cpuprofile`);
const profile = JSON.parse(readFileSync(dir + file, 'utf8'));
const time = new Map();
profile.samples.forEach((id, i) =>
  time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const self = new Map();
let total = 0;
for (const node of profile.nodes) {
  const t = time.get(node.id) ?? 0;
  if (node.callFrame.functionName === '(idle)') continue;
  total += t;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + t);
}
console.log(
  `${name}${cache ? '' : ' (cache off)'}: ${Math.round(result.total / seconds)} req/s; top self time (% of busy):`,
);
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`);
