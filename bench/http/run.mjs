// HTTP benchmark: every server under test in its own process, autocannon in another; rounds
// interleave every (framework, server, workload) cell; every figure is also a ratio to the same
// framework's bare route measured in the same round.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Servers per framework; the first is the bare route every ratio is taken against, the second
 * the bare route behind one pass-through middleware (the floor for any middleware).
 */
export const FRAMEWORKS = {
  express: [
    'express-bare',
    'express-noop',
    'express-realmguard',
    'express-oauth2-jwt-bearer',
    'express-jwt',
    'express-keycloak-connect',
  ],
  koa: ['koa-bare', 'koa-noop', 'koa-realmguard', 'koa-jwt'],
  hono: ['hono-bare', 'hono-noop', 'hono-realmguard', 'hono-jwk'],
  fastify: ['fastify-bare', 'fastify-noop', 'fastify-realmguard', 'fastify-jwt'],
  // nest-keycloak-connect (peer @nestjs/common < 11) does not install beside Nest 11.
  nest: ['nest-bare', 'nest-noop', 'nest-realmguard'],
};

/** Workloads: which tokens autocannon rotates, and which servers run them. */
export const WORKLOADS = {
  'one token': { tokens: 'one', servers: 'all' },
  '1,000 tokens': { tokens: 'many', servers: 'all' },
  'cache off': { tokens: 'many', servers: ['raw-verify', 'realmguard-nocache'] },
};

export async function startServer(id, module, options) {
  const child = fork(here('./server.mjs'), [module, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`${id} exited (${code})`))),
  ]);
  const cpu = async () => {
    child.send({ cpu: true });
    const [reply] = await once(child, 'message');
    return reply;
  };
  return { id, url: `http://127.0.0.1:${message.port}/`, child, cpu };
}

async function status(url, token) {
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.status;
}

/** valid → 200, invalid signature → 401, no token → 401 (the bare route: valid → 200). */
async function gate(server, tokens, bare) {
  const valid = tokens.one[0];
  // Flip one signature byte (editing base64url text can leave the decoded bytes unchanged).
  const dot = valid.lastIndexOf('.');
  const signature = Buffer.from(valid.slice(dot + 1), 'base64url');
  signature[0] ^= 0x01;
  const tampered = `${valid.slice(0, dot + 1)}${signature.toString('base64url')}`;
  const got = [
    await status(server.url, valid),
    await status(server.url, tampered),
    await status(server.url, undefined),
  ];
  const ok = got[0] === 200 && (bare || (got[1] === 401 && got[2] === 401));
  return { ok, got: got.join('/') };
}

export async function load(url, tokens, connections, seconds) {
  const child = fork(here('./load.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ url, tokens, connections, seconds });
  const [result] = await once(child, 'message');
  await once(child, 'exit');
  return result;
}

export async function measure(server, tokens, connections, seconds) {
  const before = await server.cpu();
  const result = await load(server.url, tokens, connections, seconds);
  const after = await server.cpu();
  const cpuMicros = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return {
    rps: result.total / seconds,
    p50: result.p50,
    p99: result.p99,
    cpuPerRequest: result.total > 0 ? cpuMicros / result.total : Number.NaN,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Runs the rounds. Returns { cells: [{framework, server, workload, rounds: [{rps, p50, p99,
 * cpuPerRequest}]}], gates: [{id, ok, got}] }.
 */
export async function runHttp({ issuer, jwksUri, tokens, rounds, seconds, connections, log }) {
  const servers = new Map();
  const gates = [];
  const base = { issuer, jwksUri, audience: 'orders-api' };
  for (const [framework, modules] of Object.entries(FRAMEWORKS)) {
    const variants = modules.map((module) => ({ id: module, module, options: base }));
    variants.push({
      id: `${framework}-raw-verify`,
      module: `${framework}-raw-verify`,
      options: base,
    });
    variants.push({
      id: `${framework}-realmguard-nocache`,
      module: `${framework}-realmguard`,
      options: { ...base, cache: false },
    });
    for (const variant of variants) {
      let server;
      try {
        server = await startServer(variant.id, variant.module, variant.options);
      } catch (error) {
        gates.push({ id: variant.id, ok: false, got: `did not start: ${error.message}` });
        continue;
      }
      const result = await gate(server, tokens, /-(bare|noop)$/.test(variant.module));
      gates.push({ id: variant.id, ...result });
      log(`gate ${variant.id}: ${result.ok ? 'pass' : 'FAIL'} (${result.got})`);
      if (!result.ok) {
        server.child.kill();
        continue;
      }
      // Warm-up (JIT, key caches), not measured.
      await load(server.url, tokens.many, connections, Math.min(1, seconds));
      servers.set(variant.id, { framework, server });
    }
  }

  const cells = [];
  for (const [framework, modules] of Object.entries(FRAMEWORKS)) {
    for (const [workload, spec] of Object.entries(WORKLOADS)) {
      const ids =
        spec.servers === 'all'
          ? modules
          : [modules[0], ...spec.servers.map((name) => `${framework}-${name}`)];
      for (const id of ids) {
        if (servers.has(id)) cells.push({ framework, server: id, workload, rounds: [] });
      }
    }
  }
  for (let round = 0; round < rounds; round++) {
    // Rotate the order every round so that no cell always runs first or last.
    const shift = Math.floor((round * cells.length) / rounds);
    const order = [...cells.slice(shift), ...cells.slice(0, shift)];
    for (const [index, cell] of order.entries()) {
      const { server } = servers.get(cell.server);
      const list = tokens[WORKLOADS[cell.workload].tokens];
      const result = await measure(server, list, connections, seconds);
      cell.rounds[round] = result;
      log(
        `round ${round + 1}/${rounds} ${index + 1}/${order.length} ${cell.server} [${cell.workload}]: ` +
          `${Math.round(result.rps)} req/s, ${result.cpuPerRequest.toFixed(1)} µs CPU/req` +
          (result.non2xx || result.errors
            ? `, ${result.non2xx} non-2xx, ${result.errors} errors`
            : ''),
      );
    }
  }
  for (const { server } of servers.values()) server.child.kill();
  return { cells, gates };
}
