import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceMapperHint, audienceMapperSteps, audienceMismatchHint } from '../src/index.js';
import { rejection, startRealm, type RealmFixture } from './helpers.js';

let fx: RealmFixture;
beforeAll(async () => {
  fx = await startRealm();
});
afterAll(() => fx.close());

describe('audience policy', () => {
  it('accepts aud as a string or as an array containing the audience', async () => {
    for (const aud of ['orders-api', ['account', 'orders-api']]) {
      await expect(
        fx.verifier().verify(await fx.realm.adversarial.withAudience(aud)),
      ).resolves.toBeDefined();
    }
  });

  it('rejects aud missing, or an array without the audience', async () => {
    for (const aud of [undefined, 'account', ['account', 'billing-api']]) {
      const error = await rejection(
        fx.verifier().verify(await fx.realm.adversarial.withAudience(aud)),
      );
      expect(error.code).toBe('audience_mismatch');
    }
  });

  it('hints at the Keycloak Audience mapper when azp is the audience but aud lacks it', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-api',
      claims: { aud: 'account' },
    });
    const error = await rejection(fx.verifier().verify(token));
    expect(error.code).toBe('audience_mismatch');
    expect(error.status).toBe(401);
    expect(error.hint).toContain('Clients → the client that requests the token → Client scopes');
    expect(error.hint).toContain('Add mapper → By configuration → Audience');
    expect(error.hint).toContain('Included Client Audience "orders-api"');
    expect(error.hint).toContain('acceptAuthorizedParty: true');
    expect(error.body.hint).toBe(error.hint);
    expect(error.headers['www-authenticate']).not.toContain('mapper');
  });

  it('names both clients and the console steps when a front-end client lacks the Audience mapper (the common case)', async () => {
    // orders-web has no Audience mapper for orders-api: for a user without orders-api roles
    // (Audience Resolve adds it otherwise), Keycloak issues aud "account" and azp "orders-web".
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      claims: { aud: 'account' },
    });
    const error = await rejection(fx.verifier().verify(token));
    expect(error.code).toBe('audience_mismatch');
    expect(error.status).toBe(401);
    expect(error.hint).toContain(
      'The token was issued to client "orders-web" (azp) and "orders-api" is not in its "aud" claim',
    );
    expect(error.hint).toContain(
      'Add an Audience mapper to "orders-web" in the Keycloak admin console: Clients → ' +
        'orders-web → Client scopes → orders-web-dedicated → Add mapper → By configuration → ' +
        'Audience → Included Client Audience "orders-api", Add to access token ON',
    );
    expect(error.hint).not.toContain('acceptAuthorizedParty');
    expect(error.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is not intended for this audience',
      hint: error.hint,
    });
    expect(error.headers['www-authenticate']).not.toContain('mapper');
  });

  it('gives the same hint as realmguard doctor (core owns the console steps)', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      claims: { aud: 'account' },
    });
    const error = await rejection(fx.verifier().verify(token));
    expect(error.hint).toBe(audienceMismatchHint('orders-web', 'orders-api'));
    expect(error.hint).toContain(audienceMapperSteps('orders-web', 'orders-api'));
  });

  it('names the first configured audience, or the one azp names', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      claims: { aud: 'account' },
    });
    const several = fx.verifier({ audience: ['orders-api', 'billing-api'] });
    expect((await rejection(several.verify(token))).hint).toBe(
      audienceMapperHint('orders-api', 'orders-web'),
    );
    const named = fx.verifier({ audience: ['billing-api', 'orders-web'] });
    expect((await rejection(named.verify(token))).hint).toBe(audienceMapperHint('orders-web'));
  });

  it('without azp (or an azp unfit to quote) the hint names the client generically', async () => {
    for (const azp of [undefined, 'a"b', 'x'.repeat(300)]) {
      const token = await fx.realm.accessToken({
        user: 'alice',
        client: 'orders-web',
        claims: { aud: 'account', azp },
      });
      const error = await rejection(fx.verifier().verify(token));
      expect(error.hint).toContain(
        'Clients → the client that requests the token → Client scopes → its dedicated scope',
      );
      if (azp) expect(error.hint).not.toContain(azp);
    }
  });

  it('accepts azp === audience with acceptAuthorizedParty, and nothing wider', async () => {
    const verifier = fx.verifier({ acceptAuthorizedParty: true });
    const ownToken = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-api',
      claims: { aud: 'account' },
    });
    expect((await verifier.verify(ownToken)).authorizedParty).toBe('orders-api');
    const otherClient = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      claims: { aud: 'account' },
    });
    expect((await rejection(verifier.verify(otherClient))).code).toBe('audience_mismatch');
    const noAzp = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-api',
      claims: { aud: 'account', azp: undefined },
    });
    expect((await rejection(verifier.verify(noAzp))).code).toBe('audience_mismatch');
  });

  it('skips the audience check only when audience is explicitly false', async () => {
    await expect(
      fx.verifier({ audience: false }).verify(await fx.realm.adversarial.withAudience(undefined)),
    ).resolves.toBeDefined();
  });

  it('accepts any of several configured audiences', async () => {
    const token = await fx.realm.adversarial.withAudience('billing-api');
    await expect(
      fx.verifier({ audience: ['orders-api', 'billing-api'] }).verify(token),
    ).resolves.toBeDefined();
  });

  it('rejects an aud claim of the wrong type', async () => {
    const token = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web-mapped',
      claims: { aud: 42 },
    });
    expect((await rejection(fx.verifier().verify(token))).code).toBe('invalid_claim');
  });

  it('needs the Audience mapper for default Keycloak tokens (Audience Resolve alone adds orders-api only with client roles)', async () => {
    const plain = await fx.realm.accessToken({ user: 'alice', client: 'orders-web' });
    const mapped = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    await expect(fx.verifier().verify(mapped)).resolves.toBeDefined();
    const principal = await fx.verifier({ audience: false }).verify(plain);
    // alice holds orders-api client roles, so Audience Resolve puts orders-api in aud (§1.6).
    expect(principal.audience).toContain('orders-api');
  });
});
