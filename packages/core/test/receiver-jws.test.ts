import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkReceivedHeader,
  decodeReceived,
  ReceiverError,
  verifyReceivedSignature,
} from '../src/receiver-jws.js';
import { internalsOf } from '../src/verifier-internals.js';
import { startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

const internals = () => internalsOf(fx.verifier({ audience: false }));
const kid = () => fx.realm.keys.jwks().keys.find((k) => k.use === 'sig')!.kid!;

function description(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    if (error instanceof ReceiverError) return error.description;
    throw error;
  }
  throw new Error('expected a ReceiverError');
}

describe('received JWS (logout tokens, admin actions)', () => {
  it('are decoded, bounded in size, and refused when encrypted or malformed', async () => {
    const token = await fx.realm.sign({ alg: 'RS256', kid: kid() }, { action: 'x' });
    expect(decodeReceived(token, 'admin action', 10_000).payload).toEqual({ action: 'x' });
    expect(description(() => decodeReceived('', 'admin action', 10_000))).toMatch(
      /missing or too large/,
    );
    expect(description(() => decodeReceived(token, 'admin action', 10))).toMatch(/too large/);
    expect(description(() => decodeReceived('a.b.c.d.e', 'admin action', 100))).toMatch(
      /encrypted/,
    );
    expect(description(() => decodeReceived('a.b', 'admin action', 100))).toMatch(
      /not a well-formed JWT/,
    );
  });

  it('must be signed with an allowed asymmetric algorithm, never HMAC or none', () => {
    for (const alg of ['HS256', 'none', 'NONE', 'XS256']) {
      expect(description(() => checkReceivedHeader({ alg }, internals(), 'logout token'))).toMatch(
        /algorithm that is not allowed/,
      );
    }
    expect(checkReceivedHeader({ alg: 'RS256' }, internals(), 'admin action')).toBe('RS256');
  });

  it('must carry the explicit type when one is required (case-insensitive, application/ optional)', () => {
    const check = (typ: unknown) =>
      checkReceivedHeader(
        { alg: 'RS256', typ } as never,
        internals(),
        'logout token',
        'logout+jwt',
      );
    expect(check('logout+jwt')).toBe('RS256');
    expect(check('Application/Logout+JWT')).toBe('RS256');
    expect(description(() => check('JWT'))).toMatch(/header type is not "logout\+jwt"/);
  });

  it('refuses critical headers and a kid that is not a string', () => {
    expect(
      description(() => checkReceivedHeader({ alg: 'RS256', crit: ['x'] }, internals(), 'x')),
    ).toMatch(/critical/);
    expect(
      description(() => checkReceivedHeader({ alg: 'RS256', kid: 7 } as never, internals(), 'x')),
    ).toMatch(/invalid "kid"/);
  });

  it("must be signed by a trusted issuer's published key; admin actions find their issuer by kid", async () => {
    const token = await fx.realm.sign({ alg: 'RS256', kid: kid() }, { action: 'x' });
    const { header } = decodeReceived(token, 'admin action', 10_000);
    expect(await verifyReceivedSignature(token, header, 'RS256', internals(), 'x', undefined)).toBe(
      fx.realm.issuer,
    );
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(342)}`;
    await expect(
      verifyReceivedSignature(forged, header, 'RS256', internals(), 'x', fx.realm.issuer),
    ).rejects.toBeInstanceOf(ReceiverError);
  });
});
