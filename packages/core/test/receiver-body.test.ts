import { describe, expect, it } from 'vitest';
import {
  FORM_BODY,
  receiver,
  TEXT_BODY,
  webReceiver,
  type ReceiverRequest,
} from '../src/receiver-body.js';
import { ReceiverError } from '../src/receiver-jws.js';
import { MAX_RECEIVER_BODY, receiverOk } from '../src/receiver-response.js';

/** A receiver that answers 200 and keeps the bodies it was handed. */
function recording(contentType = FORM_BODY) {
  const bodies: unknown[] = [];
  const receive = receiver(contentType, (body) => {
    bodies.push(body);
    return Promise.resolve(receiverOk(200));
  });
  return { receive, bodies };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('https://api.example/logout', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

/** A streamed body of `kib` KiB, with no declared length. */
const kibibytes = (kib: number) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < kib; i++) controller.enqueue(new Uint8Array(1024).fill(97));
      controller.close();
    },
  });

describe('receiver()', () => {
  it('answers 405 with Allow: POST to anything but POST, and never reads the body then', async () => {
    const { receive, bodies } = recording();
    const answer = await receive({ method: 'GET', contentType: undefined });
    expect(answer).toMatchObject({ status: 405, headers: { allow: 'POST' } });
    expect(bodies).toEqual([]);
  });

  it('refuses another content type with 400, naming the one it takes', async () => {
    const { receive } = recording(TEXT_BODY);
    const answer = await receive({ method: 'POST', contentType: 'application/json', body: '{}' });
    expect(answer.body).toEqual({
      error: 'invalid_request',
      error_description: 'The request must be text/plain',
    });
    expect((await receive({ method: 'POST', contentType: undefined, body: 'x' })).status).toBe(200);
  });

  it('takes a parsed body as it is, and reads the stream when no parser ran', async () => {
    const { receive, bodies } = recording();
    const form: ReceiverRequest = { method: 'POST', contentType: FORM_BODY.name };
    await receive({ ...form, body: { logout_token: 'a' } });
    await receive({ ...form, body: new TextEncoder().encode('logout_token=b') });
    await receive({
      ...form,
      body: {}, // what a parser leaves when it read nothing: the stream is read
      stream: (async function* () {
        yield 'logout_';
        await Promise.resolve();
        yield new TextEncoder().encode('token=c');
      })(),
    });
    expect(bodies).toEqual([{ logout_token: 'a' }, 'logout_token=b', 'logout_token=c']);
  });

  it('turns a failure of the action into its 400 answer', async () => {
    const receive = receiver(FORM_BODY, () => Promise.reject(new ReceiverError('No logout')));
    const answer = await receive({ method: 'POST', contentType: FORM_BODY.name, body: 'x=1' });
    expect(answer).toMatchObject({ status: 400, body: { error_description: 'No logout' } });
  });
});

describe('webReceiver()', () => {
  it('hands a Fetch API request over and answers with a Response', async () => {
    const { receive, bodies } = recording();
    const response = await webReceiver(receive)(
      post('logout_token=abc', { 'content-type': FORM_BODY.name }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
    expect(bodies).toEqual(['logout_token=abc']);
    const empty = await webReceiver(receive)(post(null, { 'content-type': FORM_BODY.name }));
    expect(empty.status).toBe(200);
    expect(bodies[1]).toBe('');
  });

  it('refuses a body over 64 KiB, declared or streamed, with 400', async () => {
    const { receive, bodies } = recording();
    const handler = webReceiver(receive);
    const declared = await handler(
      post('x'.repeat(MAX_RECEIVER_BODY + 1), { 'content-type': FORM_BODY.name }),
    );
    expect(await declared.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The request body is too large',
    });
    const streamed = await handler(post(kibibytes(65), { 'content-type': FORM_BODY.name }));
    expect(streamed.status).toBe(400);
    const fits = await handler(post(kibibytes(64), { 'content-type': FORM_BODY.name }));
    expect(fits.status).toBe(200);
    expect(bodies).toHaveLength(1);
  });

  it('stops reading a streamed body at the cap: the rest is cancelled', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { receive } = recording();
    const answer = await webReceiver(receive)(post(endless, { 'content-type': FORM_BODY.name }));
    expect(answer.status).toBe(400);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(80);
  });
});
