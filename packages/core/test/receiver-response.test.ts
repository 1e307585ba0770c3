import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/index.js';
import { ReceiverError } from '../src/receiver-jws.js';
import {
  clientIdsOf,
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
