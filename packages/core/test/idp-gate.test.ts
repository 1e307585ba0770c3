import { describe, expect, it } from 'vitest';
import { EndpointGate, PROBE_INTERVAL } from '../src/idp-gate.js';

function gate(random = 0) {
  const clock = { now: 0 };
  return {
    clock,
    gate: new EndpointGate(
      () => clock.now,
      () => random,
    ),
  };
}

describe('EndpointGate', () => {
  it('lets every call through while the endpoint is healthy', () => {
    const { gate: g } = gate();
    expect(g.admit()).toEqual({ allowed: true, at: 0 });
    expect(g.admit().allowed).toBe(true);
    expect(g.backingOff).toBe(false);
    expect(g.blocked()).toBeUndefined();
  });

  it('rests about a second after a failure, answering with Retry-After', () => {
    const { clock, gate: g } = gate();
    const { at } = g.admit() as { at: number };
    expect(g.failed(at)).toBe(true);
    expect(g.backingOff).toBe(true);
    expect(g.admit()).toEqual({ allowed: false, retryAfter: 1 });
    clock.now = PROBE_INTERVAL - 1;
    expect(g.admit().allowed).toBe(false);
  });

  it('then lets one probe a second through, never more slowly however long the outage lasts', () => {
    const { clock, gate: g } = gate();
    g.failed(0);
    for (let second = 1; second <= 30; second++) {
      clock.now = second * PROBE_INTERVAL;
      expect(g.admit().allowed).toBe(true);
      expect(g.admit().allowed).toBe(false);
    }
  });

  it('opens one reporting window per outage: failures within it start none', () => {
    const { clock, gate: g } = gate();
    expect(g.failed(0)).toBe(true);
    clock.now = 500;
    expect(g.failed(0)).toBe(false);
  });

  it('ignores the failure of a call let through before the last answer', () => {
    const { clock, gate: g } = gate();
    clock.now = 100;
    g.succeeded();
    expect(g.failed(50)).toBe(false);
    expect(g.backingOff).toBe(false);
  });

  it('lets calls go freely again once the endpoint answers', () => {
    const { clock, gate: g } = gate();
    g.failed(0);
    clock.now = 2_000;
    g.admit();
    g.succeeded();
    expect(g.backingOff).toBe(false);
    expect(g.admit().allowed).toBe(true);
    expect(g.retryAfter()).toBe(1);
  });

  it('adds up to 20 % jitter to the rest, so that instances do not probe in step', () => {
    const { clock, gate: g } = gate(0.99);
    g.failed(0);
    clock.now = 1_150;
    expect(g.admit().allowed).toBe(false);
    clock.now = 1_200;
    expect(g.admit().allowed).toBe(true);
  });
});
