import { describe, expect, it } from 'vitest';
import { createEventSink } from '../src/events.js';
import type { VerifierEvent } from '../src/index.js';
import { ProblemReporter } from '../src/problem-reporter.js';

function reporter(interval = 60_000) {
  const clock = { now: Date.UTC(2026, 10, 28) };
  const events: VerifierEvent[] = [];
  const sink = createEventSink((event) => events.push(event));
  return { clock, events, problems: new ProblemReporter(sink, () => clock.now, interval) };
}

describe('ProblemReporter', () => {
  it('reports a configuration problem met by every request once per interval', () => {
    const { clock, events, problems } = reporter();
    for (let i = 0; i < 100; i++) problems.report('missing_permission', 'orders#raed is unknown');
    expect(events).toEqual([
      { type: 'configuration_problem', code: 'missing_permission', hint: 'orders#raed is unknown' },
    ]);
    clock.now += 60_001;
    problems.report('missing_permission', 'orders#raed is unknown');
    expect(events).toHaveLength(2);
  });

  it('reports each distinct problem', () => {
    const { events, problems } = reporter();
    problems.report('missing_permission', 'a');
    problems.report('missing_permission', 'b');
    expect(events).toHaveLength(2);
  });

  it('reports at once with always(), which the caller limits itself', () => {
    const { events, problems } = reporter();
    problems.always('idp_unavailable', 'refused');
    problems.always('idp_unavailable', 'refused');
    expect(events).toHaveLength(2);
  });

  it('does nothing when no hook listens', () => {
    const problems = new ProblemReporter(createEventSink(undefined), () => 0, 1_000);
    expect(() => problems.report('idp_unavailable', 'x')).not.toThrow();
  });
});
