import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixture } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('faults and counters (in-process)', () => {
  it('refuse rejects with TypeError fetch failed', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'refuse' });
    await expect(kc.fetch(realm.jwksUri)).rejects.toThrow(new TypeError('fetch failed'));
    realm.faults.clear('certs');
    expect((await kc.fetch(realm.jwksUri)).status).toBe(200);
  });

  it('status answers with the given status and body', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('discovery', { type: 'status', status: 503 });
    const res = await kc.fetch(realm.discoveryUrl);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'unknown_error' });
    realm.faults.set('certs', { type: 'status', status: 404, body: 'Not Found' });
    const notFound = await kc.fetch(realm.jwksUri);
    expect([notFound.status, notFound.headers.get('content-type'), await notFound.text()]).toEqual([
      404,
      'text/plain',
      'Not Found',
    ]);
  });

  it('hang never answers but honours the abort signal', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'hang' });
    const controller = new AbortController();
    const pending = kc.fetch(realm.jwksUri, { signal: controller.signal });
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    const reason = new Error('client timeout');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect(kc.fetch(realm.jwksUri, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });

  it('garbage answers 200 application/json that is not JSON', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'garbage' });
    const res = await kc.fetch(realm.jwksUri);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json']);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('slow answers after ms, driven by fake timers', async () => {
    const { kc, realm } = await fixture();
    vi.useFakeTimers();
    realm.faults.set('certs', { type: 'slow', ms: 5_000 });
    let done = false;
    const pending = kc.fetch(realm.jwksUri).then((r) => ((done = true), r));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
    expect(((await (await pending).json()) as { keys: unknown[] }).keys).toHaveLength(2);
  });

  it('slow can be aborted before it answers', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'slow', ms: 60_000 });
    const reason = new Error('timeout');
    const controller = new AbortController();
    const pending = kc.fetch(realm.jwksUri, { signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('empty-keys serves {"keys":[]} on certs only', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'empty-keys' });
    expect(await (await kc.fetch(realm.jwksUri)).text()).toBe('{"keys":[]}');
    expect(() => realm.faults.set('token', { type: 'empty-keys' })).toThrow(/certs only/);
  });

  it('oversized pads valid JSON to the exact size', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'oversized', bytes: 1_000_000 });
    const body = await (await kc.fetch(realm.jwksUri)).text();
    expect(new TextEncoder().encode(body).length).toBe(1_000_000);
    expect((JSON.parse(body) as { keys: unknown[] }).keys).toEqual(realm.keys.jwks().keys);
  });

  it('once applies to the next request only', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'status', status: 500, once: true });
    expect((await kc.fetch(realm.jwksUri)).status).toBe(500);
    expect((await kc.fetch(realm.jwksUri)).status).toBe(200);
  });

  it('counts every request per endpoint, faulted ones included', async () => {
    const { kc, realm } = await fixture();
    realm.faults.set('certs', { type: 'refuse', once: true });
    await kc.fetch(realm.jwksUri).catch(() => undefined);
    await kc.fetch(realm.jwksUri);
    await kc.fetch(realm.discoveryUrl);
    await kc.fetch(`${realm.backendUrl}/.well-known/oauth-authorization-server`);
    await kc.fetch(realm.tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'x' }),
    });
    expect(realm.counters.get('certs')).toBe(2);
    expect(realm.counters.get('discovery')).toBe(2);
    expect(realm.counters.get('token')).toBe(1);
    expect(realm.counters.get('userinfo')).toBe(0);
    realm.counters.reset();
    expect(realm.counters.get('certs')).toBe(0);
  });

  it('counts and faults introspect, userinfo, revoke and token like the other endpoints', async () => {
    const { kc, realm } = await fixture();
    const token = await realm.accessToken({ scope: 'openid' });
    const auth = { authorization: `Basic ${btoa('orders-api:orders-api-secret')}` };
    const introspectOnce = (): Promise<Response> =>
      kc.fetch(realm.introspectionEndpoint, {
        method: 'POST',
        headers: auth,
        body: new URLSearchParams({ token }),
      });
    realm.faults.set('introspect', { type: 'status', status: 503, once: true });
    expect((await introspectOnce()).status).toBe(503);
    expect((await introspectOnce()).status).toBe(200);
    realm.faults.set('userinfo', { type: 'refuse', once: true });
    await expect(
      kc.fetch(realm.userinfoEndpoint, { headers: { authorization: `Bearer ${token}` } }),
    ).rejects.toThrow(TypeError);
    realm.faults.set('revoke', { type: 'garbage', once: true });
    const garbage = await kc.fetch(realm.revocationEndpoint, { method: 'POST' });
    await expect(garbage.json()).rejects.toThrow(SyntaxError);
    realm.faults.set('token', { type: 'status', status: 500, once: true });
    expect((await kc.fetch(realm.tokenEndpoint, { method: 'POST' })).status).toBe(500);
    expect(realm.counters.get('introspect')).toBe(2);
    expect(realm.counters.get('userinfo')).toBe(1);
    expect(realm.counters.get('revoke')).toBe(1);
    expect(realm.counters.get('token')).toBe(1);
  });
});
