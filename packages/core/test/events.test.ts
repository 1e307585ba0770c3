import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEventSink,
  reportFetchFailures,
  reportOutages,
  type EventSink,
} from '../src/events.js';
import { IdpFetchError } from '../src/http.js';
import { permission, type VerifierEvent } from '../src/index.js';
import { CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

const ISSUER = 'https://sso.example.com/realms/acme';

function collecting(): { sink: EventSink; events: VerifierEvent[] } {
  const events: VerifierEvent[] = [];
  return { sink: createEventSink((event) => events.push(event)), events };
}

describe('createEventSink', () => {
  it('is disabled without a hook, so that the hot path builds no event', () => {
    const sink = createEventSink(undefined);
    expect(sink.enabled).toBe(false);
    expect(() => sink.emit({ type: 'cache_hit' })).not.toThrow();
  });

  it('never lets a throwing hook change the outcome', () => {
    const sink = createEventSink(() => {
      throw new Error('the log is full');
    });
    expect(sink.enabled).toBe(true);
    expect(() => sink.emit({ type: 'cache_miss' })).not.toThrow();
  });
});

describe('reportFetchFailures', () => {
  it('reports the kind the HTTP layer tagged, and the error message as the reason', () => {
    const { sink, events } = collecting();
    const report = reportFetchFailures(sink, 'jwks', 'unavailable');
    report(ISSUER, new IdpFetchError('invalid_response', 'HTTP 200 without keys'), true);
    expect(events).toEqual([
      {
        type: 'fetch_failed',
        issuer: ISSUER,
        resource: 'jwks',
        kind: 'invalid_response',
        reason: 'HTTP 200 without keys',
        servingStale: true,
      },
    ]);
  });

  it('counts an untagged failure as the fallback kind', () => {
    const { sink, events } = collecting();
    reportFetchFailures(sink, 'discovery', 'invalid_response')(ISSUER, 'not an Error', false);
    expect(events[0]).toMatchObject({ kind: 'invalid_response', reason: 'unknown error' });
  });
});

describe('reportOutages', () => {
  it('reports an outage of a per-token endpoint, with nothing stale serving', () => {
    const { sink, events } = collecting();
    reportOutages(sink, 'userinfo', ISSUER)('HTTP 502');
    expect(events).toEqual([
      {
        type: 'fetch_failed',
        issuer: ISSUER,
        resource: 'userinfo',
        kind: 'unavailable',
        reason: 'HTTP 502',
        servingStale: false,
      },
    ]);
  });

  it('emits nothing when no hook listens', () => {
    expect(() => reportOutages(createEventSink(undefined), 'uma', ISSUER)('x')).not.toThrow();
  });
});

describe('fetch_failed events of the identity-provider calls made per token', () => {
  let fx: RealmFixture;
  beforeEach(async () => {
    fx = await startRealm();
  });
  afterEach(() => fx.close());

  const outages = (resource: string) =>
    fx.events.filter((e) => e.type === 'fetch_failed' && e.resource === resource);

  it('reports an introspection outage', async () => {
    const verifier = fx.verifier({
      introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET },
    });
    const token = await fx.realm.opaqueToken({ user: 'alice', client: 'orders-web-mapped' });
    fx.realm.faults.set('introspect', { type: 'status', status: 502 });
    expect((await rejection(verifier.verify(token))).status).toBe(503);
    expect(outages('introspection')).toEqual([
      expect.objectContaining({
        issuer: fx.realm.issuer,
        kind: 'unavailable',
        servingStale: false,
      }),
    ]);
  });

  it('reports a UMA and a userinfo outage', async () => {
    const principal = await fx
      .verifier()
      .verify(
        await fx.realm.accessToken({ user: 'bob', client: 'orders-web-mapped', scope: 'openid' }),
      );
    fx.realm.faults.set('token', { type: 'status', status: 502 });
    fx.realm.faults.set('userinfo', { type: 'status', status: 502 });
    const denied = await rejection(Promise.resolve(permission('orders#read').check(principal)));
    expect(denied.status).toBe(503);
    expect((await rejection(principal.userinfo())).status).toBe(503);
    expect(outages('uma')).toEqual([expect.objectContaining({ issuer: fx.realm.issuer })]);
    expect(outages('userinfo')).toEqual([expect.objectContaining({ issuer: fx.realm.issuer })]);
  });
});
