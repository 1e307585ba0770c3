import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractBearerToken } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
let token: string;
beforeAll(async () => {
  fx = await startRealm();
  token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
});
afterAll(() => fx.close());

const defaults = { queryToken: false, bodyToken: false, maxTokenLength: 16384 };

describe('bearer token extraction (RFC 6750)', () => {
  it('authenticates a token from the Authorization header', async () => {
    const principal = await fx
      .verifier()
      .authenticate({ headers: { authorization: `Bearer ${token}` } });
    expect(principal.username).toBe('alice');
  });

  it('treats the scheme case-insensitively', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      await expect(
        fx.verifier().authenticate({ headers: { authorization: `${scheme} ${token}` } }),
      ).resolves.toBeDefined();
    }
  });

  it('reads Fetch API Headers too', async () => {
    const headers = new Headers({ Authorization: `Bearer ${token}` });
    await expect(fx.verifier().authenticate({ headers })).resolves.toBeDefined();
  });

  it('answers no credential with 401 and a bare Bearer challenge', async () => {
    const error = await rejection(fx.verifier().authenticate({ headers: {} }));
    expect(error.status).toBe(401);
    expect(error.code).toBe('missing_token');
    expect(error.headers['www-authenticate']).toBe('Bearer realm="acme"');
  });

  it('answers another scheme (Basic) like no credential', async () => {
    const error = await rejection(
      fx.verifier().authenticate({ headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' } }),
    );
    expect(error.status).toBe(401);
    expect(error.headers['www-authenticate']).toBe('Bearer realm="acme"');
  });

  it('answers "Bearer" with an empty token with 401 invalid_token', async () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer    ']) {
      const error = await rejection(fx.verifier().authenticate({ headers: { authorization } }));
      expect(error.status).toBe(401);
      expect(error.code).toBe('empty_token');
      expect(error.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('answers an Authorization header that is not "scheme credentials" with 400 invalid_request', async () => {
    for (const authorization of ['"Bearer" abc', '@ abc', ', Bearer abc']) {
      const error = await rejection(fx.verifier().authenticate({ headers: { authorization } }));
      expect(error.status).toBe(400);
      expect(error.code).toBe('malformed_authorization');
      expect(error.body.error).toBe('invalid_request');
    }
  });

  it('answers a bearer credential that is not a b64token, or has inner spaces, with 401 invalid_token (RFC 6750 §2.1)', async () => {
    for (const authorization of [
      `Bearer ${token} extra`,
      'Bearer two tokens',
      'Bearer a"b',
      'Bearer a;b',
      'Bearer ab=c',
      'Bearer é',
    ]) {
      const error = await rejection(fx.verifier().authenticate({ headers: { authorization } }));
      expect(error.status, authorization).toBe(401);
      expect(error.code).toBe('malformed_token');
      expect(error.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('answers two Authorization headers with 400 invalid_request, as Node or the Fetch API give them', async () => {
    const twice = new Headers();
    twice.append('authorization', `Bearer ${token}`);
    twice.append('authorization', 'Bearer garbage');
    for (const headers of [
      { authorization: [`Bearer ${token}`, 'Bearer garbage'] },
      { authorization: ['Basic YWxpY2U6c2VjcmV0', `Bearer ${token}`] },
      twice,
      new Headers({ authorization: `Basic YWxpY2U6c2VjcmV0, Bearer ${token}` }),
      new Headers({ authorization: `Bearer ${token},Bearer ${token}` }),
      new Headers({ authorization: `Bearer ${token}, garbage` }),
      new Headers({ authorization: `Bearer ${token}, Basic, ${token},` }),
      new Headers({ authorization: `Basic YWxpY2U6c2VjcmV0, Basic, Bearer ${token}` }),
    ]) {
      const error = await rejection(fx.verifier().authenticate({ headers }));
      expect(error.status).toBe(400);
      expect(error.code).toBe('multiple_tokens');
      expect(error.body.error).toBe('invalid_request');
    }
  });

  it('reads a comma inside one Node header line as part of one malformed credential (401)', async () => {
    for (const authorization of [`Bearer ${token}, Bearer ${token}`, `Bearer ${token} ,`]) {
      const error = await rejection(fx.verifier().authenticate({ headers: { authorization } }));
      expect(error.status).toBe(401);
      expect(error.code).toBe('malformed_token');
    }
  });

  it('keeps an auth-param list of another scheme (Digest) as no bearer credential', async () => {
    const error = await rejection(
      fx.verifier().authenticate({
        headers: { authorization: 'Digest username="alice", realm="acme", nonce = "x"' },
      }),
    );
    expect(error.code).toBe('missing_token');
  });

  it('ignores the query and body token unless enabled', async () => {
    const error = await rejection(
      fx.verifier().authenticate({
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        query: { access_token: token },
        body: { access_token: token },
      }),
    );
    expect(error.code).toBe('missing_token');
  });

  it('reads access_token from the query when queryToken is enabled', async () => {
    const verifier = fx.verifier({ queryToken: true });
    await expect(
      verifier.authenticate({ headers: {}, query: { access_token: token } }),
    ).resolves.toBeDefined();
    await expect(
      verifier.authenticate({ headers: {}, query: new URLSearchParams({ access_token: token }) }),
    ).resolves.toBeDefined();
  });

  it('reads access_token from a form-encoded body only, when bodyToken is enabled', async () => {
    const verifier = fx.verifier({ bodyToken: true });
    await expect(
      verifier.authenticate({
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: { access_token: token },
      }),
    ).resolves.toBeDefined();
    const json = await rejection(
      verifier.authenticate({
        headers: { 'content-type': 'application/json' },
        body: { access_token: token },
      }),
    );
    expect(json.code).toBe('missing_token');
  });

  it('answers credentials in more than one place with 400 invalid_request', async () => {
    const verifier = fx.verifier({ queryToken: true, bodyToken: true });
    const error = await rejection(
      verifier.authenticate({
        headers: { authorization: `Bearer ${token}` },
        query: { access_token: token },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('multiple_tokens');
    const twiceInQuery = await rejection(
      verifier.authenticate({ headers: {}, query: { access_token: [token, token] } }),
    );
    expect(twiceInQuery.status).toBe(400);
  });

  it('rejects a token over the size cap with 401 before parsing it', async () => {
    fx.realm.counters.reset();
    const huge = 'a'.repeat(16 * 1024 + 1);
    const error = await rejection(
      fx.verifier().authenticate({ headers: { authorization: `Bearer ${huge}` } }),
    );
    expect(error.status).toBe(401);
    expect(error.code).toBe('token_too_large');
    const small = await rejection(
      fx
        .verifier({ maxTokenLength: 100 })
        .authenticate({ headers: { authorization: `Bearer ${token}` } }),
    );
    expect(small.code).toBe('token_too_large');
    expect(fx.realm.counters.get('certs')).toBe(0);
  });

  it('never echoes the token in an error', async () => {
    const error = await rejection(
      fx.verifier().authenticate({ headers: { authorization: `Bearer ${token} extra` } }),
    );
    expect(
      JSON.stringify(error.body) + error.headers['www-authenticate'] + error.message,
    ).not.toContain(token);
  });

  it('exposes the extraction on its own', () => {
    expect(extractBearerToken({ headers: { authorization: 'Bearer abc.def.ghi' } }, defaults)).toBe(
      'abc.def.ghi',
    );
  });
});
