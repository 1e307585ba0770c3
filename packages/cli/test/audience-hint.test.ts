import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, isAuthError } from '@realmguard/core';
import { check, doctorJson, startRealm, type RealmFixture } from './helpers.js';

/** The Audience-mapper advice: the API's 401 hint and the doctor's fix must be the same words. */
describe('Audience-mapper hint: the API and the doctor agree (issue 10 item 6)', () => {
  let fx: RealmFixture;
  beforeAll(async () => {
    fx = await startRealm();
  });
  afterAll(() => fx.close());

  /** The hint of the 401 the API answers `token` with. */
  async function apiHint(token: string): Promise<string | undefined> {
    const verifier = createVerifier({ issuer: fx.issuer, audience: 'orders-api' });
    const error: unknown = await verifier.verify(token).then(
      () => new Error('expected a rejection'),
      (reason: unknown) => reason,
    );
    if (!isAuthError(error)) throw error;
    expect(error.code).toBe('audience_mismatch');
    expect(error.body.hint).toBe(error.hint);
    return error.hint;
  }

  it.each([
    ['a front-end client without the mapper (azp orders-web)', 'orders-web', 'orders-web'],
    ['a service account (azp billing-worker)', 'billing-worker', 'billing-worker'],
    ['the API itself (azp orders-api)', 'orders-api', 'orders-api'],
  ])('%s', async (_name, client, azp) => {
    const token =
      client === 'billing-worker'
        ? await fx.realm.serviceAccountToken({ client })
        : await fx.realm.accessToken({ user: 'alice', client, claims: { aud: 'account' } });
    const hint = await apiHint(token);
    const { report } = await doctorJson([
      '--issuer',
      fx.issuer,
      '--audience',
      'orders-api',
      `--token=${token}`,
    ]);
    const audience = check(report, 'audience');
    expect(audience.status).toBe('fail');
    expect(audience.fix).toBe(hint);
    expect(hint).toContain(`"${azp}"`);
    // The verdict does not repeat what the audience check already said.
    expect(report.verdict?.hint).toBe(hint);
    expect(check(report, 'verdict').fix).toBe('See the failed checks above.');
  });
});
