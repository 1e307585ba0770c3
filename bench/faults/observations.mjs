// Observations the fault report derives from the figures, beyond the goals table: requests held
// longer than the verifier's timeout, JWKS fetches against their bound during the flood, the IdP
// requests while a hang or garbage fault lasts, the introspection calls a failing endpoint
// receives, and how the heap after a full GC moves.
import { BUCKET_MS, CATEGORY_NAMES } from './shared.mjs';

/** The verifiers' `timeout` (the default) and the slack allowed on top of it. */
const TIMEOUT_MS = 5_000;
const SLACK_MS = 500;
const MiB = 2 ** 20;

/** Markdown lines of observations. */
export function observations({ phases, buckets, apis }) {
  const lines = [];
  for (const phase of phases) {
    const slow = new Map();
    for (const [api, category, status, bucket, , , max] of buckets) {
      if (bucket * BUCKET_MS < phase.start || bucket * BUCKET_MS >= phase.end) continue;
      if (max <= TIMEOUT_MS + SLACK_MS) continue;
      const key = `${category} (${status})`;
      const seen = slow.get(key) ?? {};
      seen[api] = Math.max(seen[api] ?? 0, max);
      slow.set(key, seen);
    }
    for (const [key, byApi] of slow) {
      const [category] = key.split(' ');
      lines.push(
        `- **${phase.name}**: ${CATEGORY_NAMES[category] ?? category} requests ${key.slice(category.length + 1)} ` +
          `waited longer than the verifier's timeout (${TIMEOUT_MS} ms): ` +
          `${Object.entries(byApi)
            .map(([api, ms]) => `${api} up to ${ms} ms`)
            .join(', ')}.`,
      );
    }
  }
  const flood = phases.find((p) => p.name === 'unknown-kid flood');
  if (flood) {
    const seconds = (flood.end - flood.start) / 1000;
    const bound = apis.length * (Math.floor(seconds / 5) + 1);
    lines.push(
      `- **unknown-kid flood**: ${flood.idp.certs} JWKS fetches in ${seconds.toFixed(1)} s for ` +
        `${apis.length} APIs (bound: one per 5 s per API, ${bound}) — ` +
        `${flood.idp.certs <= bound ? 'within' : '**beyond**'} the bound.`,
    );
  }
  for (const phase of phases) {
    if (!phase.idpDuringFault) continue;
    const seconds = (phase.faultEnd - phase.start) / 1000;
    const calls = Object.entries(phase.idpDuringFault)
      .filter(([, n]) => n > 0)
      .map(
        ([endpoint, n]) => `${endpoint} ${n} (${(n / seconds / apis.length).toFixed(1)}/s per API)`,
      );
    lines.push(
      `- **${phase.name}**: IdP requests while the fault lasted (${seconds.toFixed(1)} s, ` +
        `${apis.length} APIs): ${calls.length > 0 ? calls.join(', ') : 'none'}.`,
    );
  }
  const failing = phases.find((p) => p.name === 'introspection 500');
  if (failing) {
    const seconds = (failing.end - failing.start) / 1000;
    lines.push(
      `- **introspection 500**: the failing endpoint received ${failing.idp.introspect} calls in ` +
        `${seconds.toFixed(1)} s from ${apis.length} APIs (${(failing.idp.introspect / seconds).toFixed(1)}/s).`,
    );
  }
  for (const api of apis) {
    const heaps = phases
      .map((p) => p.memory[api]?.heapAfterGc)
      .filter((heap) => heap !== undefined)
      .map((heap) => (heap / MiB).toFixed(1));
    if (heaps.length > 0) {
      lines.push(
        `- **${api}** heap after a full GC at each phase's end: ${heaps.join(' → ')} MiB.`,
      );
    }
  }
  return lines;
}
