import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/index.js';
import { ReceiverError } from '../src/receiver-jws.js';
import {
  clientIdsOf,
  MAX_RECEIVER_BODY,
  readCapped,
  receiverFailure,
  receiverOk,
  toWebResponse,
} from '../src/receiver-response.js';

describe('receiver answers', () => {
  it('succeed with an empty body that no cache keeps', async () => {
    const answer = receiverOk(200);
    expect(answer).toEqual({
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: undefined,
    });
    const response = toWebResponse(answer);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('fail with 400 invalid_request and the receiver error description', async () => {
    const answer = receiverFailure(
      new ReceiverError('The logout token is not signed by the issuer'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_request',
      error_description: 'The logout token is not signed by the issuer',
    });
    expect(await toWebResponse(answer).json()).toEqual(answer.body);
  });

  it('say nothing of an unexpected error', () => {
    const answer = receiverFailure(new Error('https://internal/secret-path failed'));
    expect(answer.body?.error_description).toBe('The request could not be processed');
  });

  it('answer 503 with Retry-After when the revocation cannot be stored', () => {
    const answer = receiverFailure(new ReceiverError('The store is unavailable', 503));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.body?.error).toBe('temporarily_unavailable');
  });
});

describe('clientIdsOf', () => {
  it('takes one client id or several, and refuses none', () => {
    expect(clientIdsOf({ clientId: 'orders-web' })).toEqual(['orders-web']);
    expect(clientIdsOf({ clientId: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(() => clientIdsOf(undefined)).toThrow(ConfigurationError);
    expect(() => clientIdsOf({ clientId: ['a', ''] })).toThrow(/clientId is required/);
  });
});

describe('readCapped', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request('https://api.example/logout', { method: 'POST', body, headers });

  it('reads a body up to the cap', async () => {
    expect(await readCapped(post('logout_token=abc'))).toBe('logout_token=abc');
    expect(await readCapped(new Request('https://api.example/logout'))).toBe('');
  });

  it('refuses a body over 64 KiB, declared or streamed', async () => {
    const big = 'x'.repeat(MAX_RECEIVER_BODY + 1);
    await expect(readCapped(post(big))).rejects.toThrow(/too large/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 65; i++) controller.enqueue(new Uint8Array(1024));
        controller.close();
      },
    });
    const streamed = new Request('https://api.example/logout', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expect(readCapped(streamed)).rejects.toBeInstanceOf(ReceiverError);
  });
});
