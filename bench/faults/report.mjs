// The fault campaign's figures, per phase and API, from the load generator's 50 ms buckets, the
// realm's request counters and the APIs' memory samples; rendered as Markdown.
import { observations } from './observations.mjs';
import { ATTACKER, BUCKET_MS, CATEGORY_NAMES, VALID } from './shared.mjs';

const MiB = 2 ** 20;
const pct = (part, whole) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(2)}%`);
const ms = (value) => (value === undefined ? 'none' : `${Math.round(value)} ms`);
const mark = (ok) => (ok === undefined ? '–' : ok ? 'met' : '**missed**');

/** Bucket rows of one API and category, optionally only some statuses, inside [from, to). */
function rows(buckets, api, categories, from, to) {
  return buckets.filter(
    ([a, c, , bucket]) =>
      a === api && categories.includes(c) && bucket * BUCKET_MS >= from && bucket * BUCKET_MS < to,
  );
}
const count = (list, test = () => true) =>
  list.reduce((n, [, , status, , k]) => (test(status) ? n + k : n), 0);

/** Upper bound (bucket end) of the first 200 of `categories` at or after `from`, minus `from`. */
function firstOk(buckets, api, categories, from, to) {
  const first = rows(buckets, api, categories, from, to)
    .filter(([, , status]) => status === 200)
    .reduce((min, [, , , bucket]) => Math.min(min, bucket), Infinity);
  return Number.isFinite(first) ? (first + 1) * BUCKET_MS - from : undefined;
}

/** Everything the report says about one API in one phase. */
function analyse(phase, api, buckets, newKeyReady) {
  const all = rows(buckets, api, [...VALID, ...ATTACKER], phase.start, phase.end);
  const by = (category) => all.filter(([, c]) => c === category);
  const jwt = by('jwt');
  const newkey = by('newkey');
  const fresh = by('fresh');
  const probes = by('probe');
  const newkeyProbes = by('probeNewkey');
  const readyBucket = newKeyReady[api];
  const wrong = {
    attackerAccepted: count(
      all.filter(([, c]) => ATTACKER.includes(c)),
      (s) => s === 200,
    ),
    cachedKeyRefused: count(jwt, (s) => s !== 200),
    newKeyRefusedOnceKnown: count(
      [...newkey, ...newkeyProbes].filter(
        ([, , , bucket]) => readyBucket !== undefined && bucket > readyBucket,
      ),
      (s) => s !== 200,
    ),
    validCalledInvalid: count(
      [...newkey, ...fresh, ...probes, ...newkeyProbes],
      (s) => s === 401 || s === 403,
    ),
  };
  const latencyMax = fresh.reduce((max, row) => Math.max(max, row[6]), 0);
  return {
    total: count(all),
    jwtTotal: count(jwt),
    jwtOk: count(jwt, (s) => s === 200),
    newkeyTotal: count(newkey),
    newkeyOk: count(newkey, (s) => s === 200),
    freshTotal: count(fresh),
    freshOk: count(fresh, (s) => s === 200),
    fresh503: count(fresh, (s) => s === 503),
    probeTotal: count(probes),
    probeOk: count(probes, (s) => s === 200),
    probe503: count(probes, (s) => s === 503),
    probeLatencyMax: probes.reduce((max, row) => Math.max(max, row[6]), 0),
    attackers: count(all.filter(([, c]) => ATTACKER.includes(c))),
    attackerLatencyMax: all
      .filter(([, c]) => ATTACKER.includes(c))
      .reduce((max, row) => Math.max(max, row[6]), 0),
    wrong,
    wrongTotal: Object.values(wrong).reduce((a, b) => a + b, 0),
    recovery: phase.recoveredAt && firstOk(buckets, api, ['probe'], phase.recoveredAt, phase.end),
    newKey:
      phase.rotatedAt &&
      firstOk(buckets, api, ['newkey', 'probeNewkey'], phase.rotatedAt, phase.end),
    latencyMax,
    memory: phase.memory[api],
    events: Object.fromEntries(
      Object.keys(phase.eventsLast[api] ?? {}).map((k) => [
        k,
        phase.eventsLast[api][k] - (phase.eventsFirst[api]?.[k] ?? 0),
      ]),
    ),
  };
}

/** The bucket of each API's first 200 for a newest-key token (later refusals are wrong). */
function newKeyReadiness(buckets, apis, rotation) {
  const ready = {};
  if (!rotation) return ready;
  for (const api of apis) {
    const first = rows(buckets, api, ['newkey', 'probeNewkey'], rotation.rotatedAt, Infinity)
      .filter(([, , s]) => s === 200)
      .reduce((min, [, , , b]) => Math.min(min, b), Infinity);
    if (Number.isFinite(first)) ready[api] = first;
  }
  return ready;
}

export function renderReport({ phases, results, apis, lanes, started, machine }) {
  const { buckets, errors } = results;
  const ready = newKeyReadiness(
    buckets,
    apis,
    phases.find((p) => p.rotatedAt),
  );
  const lines = [];
  const out = (line = '') => lines.push(line);
  out(`# realmguard fault campaign, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  out();
  out(
    `Two APIs (Express 5 and Hono on @hono/node-server, @realmguard/express and @realmguard/hono ` +
      `with default options and introspection for opaque tokens), each in its own process, against ` +
      `the test realm over real HTTP on 127.0.0.1. autocannon drives each API in three lanes with ` +
      `connections of their own, as independent clients would: ` +
      `${lanes.map((l) => `${l.name} (${l.connections} connections, ${l.rate} requests/s)`).join(', ')}. ` +
      `Traffic: ${Object.values(CATEGORY_NAMES).join('; ')}. “First 200 after recovery” is the first ` +
      `probe answered 200 after the IdP answers again (nothing cached can decide a never-seen ` +
      `opaque token); “new-key tokens verify” the first newest-key JWT answered 200 after the ` +
      `rotation; both upper bounds at ${BUCKET_MS} ms resolution.`,
  );
  out();
  out(`Machine: ${machine}.`);
  out();
  out(
    'Wrong answers: an attacker token answered 200; a valid JWT of a cached key not answered ' +
      '200; a newest-key JWT refused after that API first accepted one; a valid token answered 401/403.',
  );
  out();
  out('## Goals');
  out();
  out(
    '| phase | API | valid JWT success (goal 100%) | wrong answers (goal 0) | first 200 after recovery (≤ 1.5 s) | new-key tokens verify (≤ 5 s) |',
  );
  out('| --- | --- | --- | --- | --- | --- |');
  const analysed = phases.map((phase) => ({
    phase,
    byApi: Object.fromEntries(apis.map((api) => [api, analyse(phase, api, buckets, ready)])),
  }));
  for (const { phase, byApi } of analysed) {
    for (const api of apis) {
      const a = byApi[api];
      out(
        `| ${phase.name} | ${api} | ${pct(a.jwtOk, a.jwtTotal)} ${mark(a.jwtTotal > 0 ? a.jwtOk === a.jwtTotal : undefined)} ` +
          `| ${a.wrongTotal} ${mark(a.wrongTotal === 0)} ` +
          `| ${phase.recoveredAt ? `${ms(a.recovery)} ${mark(a.recovery !== undefined && a.recovery <= 1_500)}` : '–'} ` +
          `| ${phase.rotatedAt ? `${ms(a.newKey)} ${mark(a.newKey !== undefined && a.newKey <= 5_000)}` : '–'} |`,
      );
    }
  }
  for (const { phase, byApi } of analysed) {
    const seconds = (phase.end - phase.start) / 1000;
    out();
    out(`## ${phase.name} (${seconds.toFixed(1)} s)`);
    out();
    out(`${phase.does[0].toUpperCase()}${phase.does.slice(1)}.`);
    out();
    out('| | ' + apis.join(' | ') + ' |');
    out('| --- | ' + apis.map(() => '---').join(' | ') + ' |');
    const row = (label, f) => out(`| ${label} | ${apis.map((api) => f(byApi[api])).join(' | ')} |`);
    row('responses', (a) => a.total);
    row(
      'valid JWT (key cached): 200 / sent',
      (a) => `${a.jwtOk} / ${a.jwtTotal} (${pct(a.jwtOk, a.jwtTotal)})`,
    );
    row('newest-key JWT: 200 / sent', (a) => `${a.newkeyOk} / ${a.newkeyTotal}`);
    row(
      'never-seen opaque: 200 / 503 / sent',
      (a) => `${a.freshOk} / ${a.fresh503} / ${a.freshTotal}`,
    );
    row('never-seen opaque: slowest answer', (a) => ms(a.latencyMax));
    row(
      'probes: 200 / 503 / sent, slowest',
      (a) => `${a.probeOk} / ${a.probe503} / ${a.probeTotal}, ${ms(a.probeLatencyMax)}`,
    );
    row(
      'attacker requests answered, slowest',
      (a) => `${a.attackers}, ${ms(a.attackerLatencyMax)}`,
    );
    row('wrong: attacker answered 200', (a) => a.wrong.attackerAccepted);
    row('wrong: cached-key JWT not 200', (a) => a.wrong.cachedKeyRefused);
    row('wrong: newest-key JWT refused once known', (a) => a.wrong.newKeyRefusedOnceKnown);
    row('wrong: valid token answered 401/403', (a) => a.wrong.validCalledInvalid);
    if (phase.recoveredAt) row('first 200 after recovery', (a) => ms(a.recovery));
    if (phase.rotatedAt) row('new-key tokens verify after', (a) => ms(a.newKey));
    row('heap max / RSS max / heap after a full GC at the end', (a) =>
      a.memory
        ? `${(a.memory.heapMax / MiB).toFixed(1)} / ${(a.memory.rssMax / MiB).toFixed(1)} / ` +
          `${((a.memory.heapAfterGc ?? Number.NaN) / MiB).toFixed(1)} MiB`
        : 'n/a',
    );
    row(
      'events fetch_failed / configuration_problem',
      (a) => `${a.events.fetch_failed ?? 0} / ${a.events.configuration_problem ?? 0}`,
    );
    out();
    const idp = Object.entries(phase.idp)
      .filter(([, n]) => n > 0)
      .map(([endpoint, n]) => `${endpoint} ${n} (${(n / seconds).toFixed(1)}/s)`);
    out(
      `IdP requests (both APIs): ${idp.length > 0 ? idp.join(', ') : 'none'}.` +
        (phase.name === 'unknown-kid flood'
          ? ` Bound for certs: one per 5 s per API, ${apis.length * (Math.floor(seconds / 5) + 1)}.`
          : ''),
    );
  }
  out();
  out('## Observations');
  out();
  for (const line of observations({ phases, buckets, apis })) out(line);
  out();
  out(
    `Transport errors and timeouts over the whole run: ${apis
      .map(
        (api) =>
          `${api} ${errors[api]?.errors ?? 0} errors, ${errors[api]?.timeouts ?? 0} timeouts`,
      )
      .join('; ')}.`,
  );
  return `${lines.join('\n')}\n`;
}
