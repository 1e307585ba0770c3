import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { credentialsFrom, nodeHeaders, requestCredentials } from '../../src/adapter/index.js';

const verifier = (extra: { queryToken?: boolean; bodyToken?: boolean } = {}) =>
  createVerifier({
    issuer: 'https://sso.example.com/realms/acme',
    audience: 'orders-api',
    ...extra,
  });

describe('nodeHeaders', () => {
  it("is Node's req.headers as they are for one Authorization header (no copy)", () => {
    const message = {
      headers: { authorization: 'Bearer a', host: 'api' },
      rawHeaders: ['Host', 'api', 'Authorization', 'Bearer a'],
    };
    expect(nodeHeaders(message)).toBe(message.headers);
    expect(nodeHeaders({ headers: message.headers })).toBe(message.headers);
  });

  it('lists every Authorization line, whatever its case, where Node keeps only the first', () => {
    const message = {
      headers: { authorization: 'Bearer a', host: 'api' },
      rawHeaders: ['authorization', 'Bearer a', 'Host', 'api', 'AUTHORIZATION', 'Bearer b'],
    };
    expect(nodeHeaders(message)).toEqual({ host: 'api', authorization: ['Bearer a', 'Bearer b'] });
  });

  it('leaves a header that merely looks alike alone', () => {
    const message = {
      headers: { authorisation: 'x' },
      rawHeaders: ['Authorisation', 'x', 'Proxy-Authorization', 'y'],
    };
    expect(nodeHeaders(message)).toBe(message.headers);
  });
});

describe('credentialsFrom', () => {
  it('reads the query and body only when the verifier accepts tokens there', () => {
    let reads = 0;
    const query = () => (reads++, { access_token: 'q' });
    const body = () => (reads++, { access_token: 'b' });
    expect(credentialsFrom(verifier(), { host: 'api' }, query, body)).toEqual({
      headers: { host: 'api' },
    });
    expect(reads).toBe(0);
    expect(
      credentialsFrom(verifier({ queryToken: true, bodyToken: true }), {}, query, body),
    ).toEqual({ headers: {}, query: { access_token: 'q' }, body: { access_token: 'b' } });
  });
});

describe('requestCredentials (Web requests)', () => {
  const form = (body: string) =>
    new Request('https://api.example/orders?access_token=q', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('takes the headers only, by default', async () => {
    const request = form('access_token=b');
    expect(await requestCredentials(request, verifier())).toEqual({ headers: request.headers });
  });

  it('reads the query and a form body when enabled, leaving the body for the handler', async () => {
    const request = form('access_token=b&x=1');
    const credentials = await requestCredentials(
      request,
      verifier({ queryToken: true, bodyToken: true }),
    );
    expect((credentials.query as URLSearchParams).get('access_token')).toBe('q');
    expect(credentials.body).toEqual({ access_token: 'b' });
    expect(await request.text()).toBe('access_token=b&x=1');
  });

  it('keeps two access_token fields as a list, which the verifier answers with 400', async () => {
    const credentials = await requestCredentials(
      form('access_token=a&access_token=b'),
      verifier({ bodyToken: true }),
    );
    expect(credentials.body).toEqual({ access_token: ['a', 'b'] });
  });

  it('ignores a body that is not a form', async () => {
    const request = new Request('https://api.example/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"access_token":"b"}',
    });
    expect((await requestCredentials(request, verifier({ bodyToken: true }))).body).toBeUndefined();
  });
});
