import { describe, expect, it } from 'vitest';
import type { IdpAnswer } from '../src/idp-channel.js';
import { readUma } from '../src/uma-answer.js';
import { ownJson } from '../src/untrusted-json.js';

const answer = (status: number, json: unknown): IdpAnswer => ({
  readable: true,
  status,
  json: json === undefined ? undefined : ownJson(json).value,
  bytes: 100,
  opensWindow: false,
});
const decide = (status: number, json: unknown) =>
  readUma(answer(status, json), 'orders-api', 'orders#read');
const list = (status: number, json: unknown) =>
  readUma(answer(status, json), 'orders-api', undefined);

describe("reading Keycloak's UMA answers", () => {
  it('grants only on an own result:true of a 200', () => {
    expect(decide(200, { result: true })).toEqual({ kind: 'granted' });
    expect(decide(200, { result: false })).toEqual({ kind: 'denied' });
    expect(decide(200, { result: 'true' }).kind).toBe('unusable');
    expect(decide(200, [{ rsname: 'orders' }]).kind).toBe('unusable');
  });

  it('reads the granted permissions of a 200 list, keeping only well-typed members', () => {
    const reading = list(200, [
      { rsid: 'r1', rsname: 'orders', scopes: ['read', 7] },
      { rsname: 7 },
      'junk',
    ]);
    expect(reading).toEqual({
      kind: 'permissions',
      permissions: [{ rsid: 'r1', rsname: 'orders', scopes: ['read'] }, { scopes: [] }],
      bytes: 100,
    });
  });

  it("takes Keycloak's 403 access_denied as a denial (no permissions in permissions mode)", () => {
    const denied = { error: 'access_denied', error_description: 'not_authorized' };
    expect(decide(403, denied)).toEqual({ kind: 'denied' });
    expect(list(403, denied)).toEqual({ kind: 'permissions', permissions: [], bytes: 0 });
  });

  it('names an unknown resource or scope for the operator, in decision mode only', () => {
    const reading = decide(400, { error: 'invalid_scope' });
    expect(reading.kind).toBe('unknown_permission');
    expect((reading as { hint: string }).hint).toContain('"orders#read" names a scope');
    expect(list(400, { error: 'invalid_resource' }).kind).toBe('misconfigured');
  });

  it("takes a refusal of the user's token as inactive (401, invalid_grant)", () => {
    expect(decide(401, undefined)).toEqual({ kind: 'inactive' });
    expect(decide(400, { error: 'invalid_grant' })).toEqual({ kind: 'inactive' });
  });

  it('says a resource server without Authorization Services is misconfigured, with the console steps', () => {
    const reading = decide(400, {
      error: 'invalid_request',
      error_description: 'Client does not support permissions',
    });
    expect(reading.kind).toBe('misconfigured');
    expect((reading as { hint: string }).hint).toContain('switch "Authorization" on');
    const unknown = decide(400, {
      error: 'invalid_request',
      error_description: 'Unknown resource server id: billing',
    });
    expect((unknown as { hint: string }).hint).toContain('names no client of the realm');
  });

  it('calls anything else unusable, never a decision', () => {
    expect(decide(408, undefined).kind).toBe('unusable');
    expect(decide(302, undefined).kind).toBe('unusable');
    expect(readUma({ readable: false, reason: 'too large' }, 'orders-api', 'x#y')).toMatchObject({
      kind: 'unusable',
      hint: expect.stringContaining('uma.maxResponseBytes') as string,
    });
  });
});
