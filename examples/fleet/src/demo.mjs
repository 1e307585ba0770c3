// `pnpm demo:fleet`: two instances of the orders API, Redis and a Keycloak-shaped realm; a logout
// heard by instance A is enforced by instance B. Needs redis-server (apt-get install redis-server).
import { startFleet, walkthrough } from './fleet.mjs';

const fleet = await startFleet();
console.log(
  `Redis on ${fleet.redis.url}; instance A on ${fleet.a.url}; instance B on ${fleet.b.url}\n`,
);
try {
  const { propagationMs } = await walkthrough(fleet);
  console.log(`\nThe logout heard by A reached B in ${propagationMs} ms, through Redis pub/sub.`);
} finally {
  await fleet.close();
}
