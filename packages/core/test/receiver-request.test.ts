import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backchannelLogoutReceiver, pushNotBeforeReceiver } from '../src/index.js';
import { startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const FORM = 'application/x-www-form-urlencoded';
const logout = () => fx.realm.logoutToken({ user: 'alice', client: 'orders-web' });
const receiver = () => backchannelLogoutReceiver(fx.verifier(), { clientId: 'orders-web' });

/** A request body stream, as Node's IncomingMessage is one, arriving in parts. */
async function* chunks(...parts: (string | Uint8Array)[]) {
  for (const part of parts) {
    await Promise.resolve();
    yield part;
  }
}

describe('receivers for framework adapters', () => {
  it('answer 405 to anything but POST', async () => {
    const answer = await receiver()({ method: 'GET', contentType: undefined });
    expect(answer).toMatchObject({ status: 405, headers: { allow: 'POST' } });
  });

  it('require the content type of the action', async () => {
    const answer = await receiver()({ method: 'POST', contentType: 'application/json', body: {} });
    expect(answer.body?.error_description).toBe(`The request must be ${FORM}`);
  });

  it('take the body as the framework parsed it: form fields, text or bytes', async () => {
    const token = await logout();
    const fields = await receiver()({
      method: 'POST',
      contentType: FORM,
      body: { logout_token: token },
    });
    expect(fields.status).toBe(200);
    const text = await receiver()({
      method: 'POST',
      contentType: FORM,
      body: `logout_token=${await logout()}`,
    });
    expect(text.status).toBe(200);
    const bytes = await receiver()({
      method: 'POST',
      contentType: `${FORM}; charset=utf-8`,
      body: new TextEncoder().encode(`logout_token=${await logout()}`),
    });
    expect(bytes.status).toBe(200);
  });

  it('read the stream when no parser ran, and refuse one over 64 KiB', async () => {
    const token = await logout();
    const streamed = await receiver()({
      method: 'POST',
      contentType: FORM,
      stream: chunks('logout_token=', new TextEncoder().encode(token)),
    });
    expect(streamed.status).toBe(200);
    const huge = await receiver()({
      method: 'POST',
      contentType: FORM,
      stream: chunks('x'.repeat(40_000), 'y'.repeat(40_000)),
    });
    expect(huge.body?.error_description).toBe('The request body is too large');
  });

  it("take Keycloak's not-before push as text/plain (or no content type)", async () => {
    const push = pushNotBeforeReceiver(fx.verifier(), { clientId: 'orders-api' });
    const wrong = await push({ method: 'POST', contentType: FORM, body: 'x' });
    expect(wrong.body?.error_description).toBe('The request must be text/plain');
    const garbage = await push({ method: 'POST', contentType: undefined, body: 'not a jws' });
    expect(garbage.body?.error_description).toMatch(/not a well-formed JWT/);
  });

  it('fail fast without a client id or a verifier made by createVerifier', () => {
    expect(() => backchannelLogoutReceiver(fx.verifier(), { clientId: [] })).toThrow(/clientId/);
    expect(() => pushNotBeforeReceiver({} as never, { clientId: 'orders-api' })).toThrow();
  });
});
