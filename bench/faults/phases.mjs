// The realm's phases in the fault campaign, in order. Each `run(ctx)` acts on the realm while
// the load goes on and returns the moments the report measures from: `recoveredAt` (the IdP
// answers again) and `rotatedAt` (a new signing key is published and signs new tokens); for a
// fault the realm still counts requests through (a hang, garbage), `duringFault`: the moment the
// fault ends and the realm's request counters then (each such fault starts with its phase).
import { ENDPOINT_NAMES } from '@realmguard/testing';

/**
 * Keeps `faults` ([endpoint, fault] pairs) on the realm for 10 s, then clears them; returns the
 * moment they end and the realm's counters then (the phase's `duringFault`).
 */
async function faultFor({ idp, sleep, snapshot }, faults) {
  for (const [endpoint, fault] of faults) idp.realm.faults.set(endpoint, fault);
  await sleep(10_000);
  const duringFault = snapshot();
  for (const [endpoint] of faults) idp.realm.faults.clear(endpoint);
  return duringFault;
}

export const PHASES = [
  {
    name: 'baseline',
    does: 'the realm is healthy',
    async run({ sleep }) {
      await sleep(8_000);
      return {};
    },
  },
  {
    name: 'restart',
    does: 'the realm goes down (connections refused) for 5 s, then comes back',
    async run({ idp, sleep }) {
      await idp.stop();
      await sleep(5_000);
      await idp.start();
      const recoveredAt = Date.now();
      await sleep(6_000);
      return { recoveredAt };
    },
  },
  {
    name: 'hang',
    does: 'every endpoint of the realm hangs for 10 s, then answers again',
    async run(ctx) {
      const duringFault = await faultFor(
        ctx,
        ENDPOINT_NAMES.map((endpoint) => [endpoint, { type: 'hang' }]),
      );
      const recoveredAt = Date.now();
      await ctx.sleep(6_000);
      return { recoveredAt, duringFault };
    },
  },
  {
    name: 'rotation',
    does: 'the realm rotates its signing key (the old one stays published, passive); new tokens carry the new kid',
    async run({ idp, sleep, newKeyTokens }) {
      await idp.realm.keys.rotate();
      const rotatedAt = Date.now();
      await newKeyTokens();
      await sleep(12_000);
      return { rotatedAt };
    },
  },
  {
    name: 'garbage JWKS',
    does: 'the certs endpoint answers an HTML page (200) for 10 s',
    async run(ctx) {
      const duringFault = await faultFor(ctx, [['certs', { type: 'garbage' }]]);
      await ctx.sleep(3_000);
      return { duringFault };
    },
  },
  {
    name: 'unknown-kid flood',
    does: 'every attacker request carries a token with an unknown kid (300 distinct kids), for 10 s',
    async run({ sleep, mix }) {
      mix('flood');
      await sleep(10_000);
      mix('normal');
      return {};
    },
  },
  {
    name: 'introspection 500',
    does: 'the introspection endpoint answers HTTP 500 for 10 s',
    async run({ idp, sleep }) {
      idp.realm.faults.set('introspect', { type: 'status', status: 500 });
      await sleep(10_000);
      return {};
    },
  },
  {
    name: 'introspection hang',
    does: 'the introspection endpoint then hangs for 10 s, then answers again',
    async run(ctx) {
      const duringFault = await faultFor(ctx, [['introspect', { type: 'hang' }]]);
      const recoveredAt = Date.now();
      await ctx.sleep(6_000);
      return { recoveredAt, duringFault };
    },
  },
];
