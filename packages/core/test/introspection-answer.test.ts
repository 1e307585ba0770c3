import { describe, expect, it } from 'vitest';
import type { IdpAnswer } from '../src/idp-channel.js';
import { readIntrospection, refusesClient, timeClaimProblem } from '../src/introspection-answer.js';
import { ownJson } from '../src/untrusted-json.js';

const answer = (status: number, json: unknown): IdpAnswer => ({
  readable: true,
  status,
  json: json === undefined ? undefined : ownJson(json).value,
  bytes: 300,
  opensWindow: false,
});
const read = (json: unknown, status = 200) => readIntrospection(answer(status, json), 'orders-api');
const active = { active: true, iss: 'https://sso/realms/acme', exp: 1_800_000_000, sub: 'u1' };

describe('reading an introspection answer (RFC 7662)', () => {
  it('gives the claims of an active token, without active and token_type', () => {
    const reading = read({ ...active, token_type: 'Bearer', scope: 'openid' });
    expect(reading.kind).toBe('active');
    const { claims } = reading as { claims: Record<string, unknown> };
    expect(claims).toEqual({ iss: active.iss, exp: active.exp, sub: 'u1', scope: 'openid' });
    expect(Object.getPrototypeOf(claims)).toBeNull();
  });

  it('is inactive for active:false, and for anything but a boolean true', () => {
    expect(read({ active: false })).toEqual({ kind: 'inactive' });
    expect(read({ ...active, active: 'true' }).kind).toBe('unusable');
  });

  it('is inactive for a token_type other than Bearer, or one that is not a string', () => {
    expect(read({ ...active, token_type: 'refresh_token' })).toEqual({ kind: 'inactive' });
    expect(read({ ...active, token_type: 1 })).toEqual({ kind: 'inactive' });
    expect(read({ ...active, token_type: 'DPoP' })).toEqual({ kind: 'inactive' });
  });

  it('accepts token_type DPoP only with the cnf.jkt the proof is checked against', () => {
    const bound = { ...active, token_type: 'DPoP', cnf: { jkt: 'x'.repeat(43) } };
    expect(read(bound).kind).toBe('active');
  });

  it('refuses a typ that is not a string, and time claims no Date can hold (401)', () => {
    expect(read({ ...active, typ: 1 })).toEqual({ kind: 'invalid', code: 'wrong_token_type' });
    expect(read({ ...active, exp: 1e300 })).toEqual({
      kind: 'invalid',
      code: 'invalid_claim',
      claim: 'exp',
    });
    expect(read({ ...active, nbf: '0' })).toMatchObject({ claim: 'nbf' });
  });

  it('says the endpoint refuses the client (401/403) with the fix, never a 401 for the user', () => {
    const reading = read({ error: 'invalid_request' }, 401);
    expect(reading.kind).toBe('refused');
    expect((reading as { hint: string }).hint).toContain('introspection.clientId');
    expect(refusesClient(403)).toBe(true);
    expect(refusesClient(400)).toBe(false);
  });

  it('calls other answers unusable', () => {
    expect(read(undefined).kind).toBe('unusable');
    expect(read([active]).kind).toBe('unusable');
    expect(read(active, 400).kind).toBe('unusable');
    expect(readIntrospection({ readable: false, reason: 'too large' }, 'c').kind).toBe('unusable');
  });
});

describe('timeClaimProblem', () => {
  it('names the first time claim that is not a finite number a Date can hold', () => {
    expect(timeClaimProblem({ exp: 1, nbf: 0, iat: 0 })).toBeUndefined();
    expect(timeClaimProblem({ exp: Infinity })).toBe('exp');
    expect(timeClaimProblem({ exp: 1, iat: 9e15 })).toBe('iat');
    expect(timeClaimProblem({})).toBeUndefined();
  });
});
