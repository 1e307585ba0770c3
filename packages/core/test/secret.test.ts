import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConfigurationError,
  createTokenSource,
  createVerifier,
  Secret,
  type TokenSourceOptions,
  type VerifierEvent,
  type VerifierOptions,
} from '../src/index.js';
import {
  drainLeakReports,
  LEAK_SENTINEL,
  watchConsole,
  watchWrites,
} from '@realmguard/test-fixtures/leak-sentinel';
import { bearer, CLIENT_SECRET, rejection, startRealm, type RealmFixture } from './helpers.js';

/** Every view of a value that a log line, a JSON response or a copy could take. */
function views(value: unknown): string[] {
  const texts = [
    JSON.stringify(value) ?? '',
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    inspect(value, { depth: Infinity, showHidden: true, getters: true, customInspect: false }),
    String(value),
  ];
  let clone: unknown;
  try {
    clone = structuredClone(value);
  } catch {
    // A value that cannot be cloned (functions) gives nothing away either.
    return texts;
  }
  texts.push(
    JSON.stringify(clone) ?? '',
    inspect(clone, { depth: Infinity, showHidden: true, getters: true }),
  );
  return texts;
}

/** Names the views of `value` that show the sentinel (never the text itself). */
function leaks(value: unknown): number[] {
  return views(value).flatMap((text, index) => (text.includes(LEAK_SENTINEL) ? [index] : []));
}

describe('Secret', () => {
  it('shows [redacted] to JSON, String(), template literals and util.inspect', () => {
    const secret = new Secret(LEAK_SENTINEL);
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(String(secret)).toBe('[redacted]');
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- a careless log
    expect(`${secret}`).toBe('[redacted]');
    expect(inspect(secret)).toBe('Secret [redacted]');
    expect(leaks(secret)).toEqual([]);
    expect(leaks({ nested: { deeper: [secret] } })).toEqual([]);
  });

  it('is an empty object once structured-cloned (private fields are not cloned)', () => {
    expect(structuredClone(new Secret(LEAK_SENTINEL))).toEqual({});
  });

  it('gives the value only through reveal(); bytes are copied', () => {
    expect(new Secret(LEAK_SENTINEL).reveal()).toBe(LEAK_SENTINEL);
    const bytes = new TextEncoder().encode(LEAK_SENTINEL);
    const secret = new Secret(bytes);
    bytes.fill(0);
    expect(new TextDecoder().decode(secret.reveal())).toBe(LEAK_SENTINEL);
    expect(leaks(secret)).toEqual([]);
  });
});

describe('no public object shows a secret', () => {
  let fx: RealmFixture;
  const events: VerifierEvent[] = [];
  const onEvent = (event: VerifierEvent) => events.push(event);

  /** Introspection with the sentinel as client secret, and the sentinel as HMAC secret. */
  const options = (extra: Partial<VerifierOptions> = {}): VerifierOptions => ({
    issuer: fx.realm.issuer,
    audience: 'orders-api',
    now: fx.clock.now,
    secret: LEAK_SENTINEL,
    introspection: { clientId: 'orders-api', clientSecret: CLIENT_SECRET },
    onEvent,
    ...extra,
  });
  const source = (extra: Partial<TokenSourceOptions> = {}) =>
    createTokenSource({
      issuer: fx.realm.issuer,
      clientId: 'billing-worker',
      clientSecret: CLIENT_SECRET,
      now: fx.clock.now,
      onEvent,
      ...extra,
    });

  beforeAll(async () => {
    fx = await startRealm();
    expect(CLIENT_SECRET).toBe(LEAK_SENTINEL);
  });
  afterAll(() => fx.close());

  it('the verifier, its options and stats (issue 10: JSON.stringify(verifier) showed it)', async () => {
    const verifier = createVerifier(options());
    await verifier.warmUp();
    expect(leaks(verifier)).toEqual([]);
    expect(leaks(verifier.options)).toEqual([]);
    expect(leaks(verifier.options.introspection)).toEqual([]);
    expect(leaks(verifier.options.introspection?.client)).toEqual([]);
    expect(leaks(verifier.options.secret)).toEqual([]);
    expect(leaks(verifier.stats())).toEqual([]);
    expect(JSON.stringify(verifier.options.introspection?.client)).toBe(
      '{"clientId":"orders-api","clientSecret":"[redacted]","authMethod":"client_secret_basic"}',
    );
    // The secrets are still there for the requests that send them.
    expect(verifier.options.introspection?.client.clientSecret.reveal()).toBe(LEAK_SENTINEL);
    expect(new TextDecoder().decode(verifier.options.secret?.reveal())).toBe(LEAK_SENTINEL);
  });

  it('principals: from a JWT, from introspection of an opaque token, and completed', async () => {
    const verifier = createVerifier(options());
    const jwt = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const fromJwt = await verifier.authenticate(bearer(jwt));
    expect(leaks(fromJwt)).toEqual([]);
    expect(leaks(await fromJwt.complete())).toEqual([]);
    const opaque = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
    const fromIntrospection = await verifier.verify(opaque);
    expect(fromIntrospection.source).toBe('introspection');
    expect(leaks(fromIntrospection)).toEqual([]);
  });

  it('the token source, before and after it fetched a token', async () => {
    for (const authMethod of ['client_secret_basic', 'client_secret_post'] as const) {
      const tokens = source({ authMethod });
      expect(leaks(tokens)).toEqual([]);
      await expect(tokens.token()).resolves.toMatch(/^eyJ/);
      expect(leaks(tokens)).toEqual([]);
    }
  });

  it('errors: token errors, an IdP refusing the client, a token source refused', async () => {
    const verifier = createVerifier(options());
    const wrongAudience = await fx.realm.accessToken({
      user: 'alice',
      client: 'orders-web',
      claims: { aud: 'account' },
    });
    const inactive = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
    const errors: unknown[] = [
      await rejection(verifier.verify(wrongAudience)),
      await rejection(verifier.verify('not-a-token-at-all')),
      // An opaque token the realm does not know: introspection answers active:false.
      await rejection(verifier.verify(`${inactive}x`)),
    ];
    // A secret that is wrong (but still contains the sentinel): the IdP refuses the client.
    const refused = createVerifier(
      options({
        introspection: { clientId: 'orders-api', clientSecret: `${LEAK_SENTINEL}-wrong` },
      }),
    );
    const opaque = await fx.realm.opaqueToken({ user: 'bob', client: 'orders-web-mapped' });
    errors.push(await rejection(refused.verify(opaque)));
    errors.push(
      await source({ clientSecret: `${LEAK_SENTINEL}-wrong` })
        .token()
        .then(
          () => new Error('expected a refusal'),
          (error: unknown) => error,
        ),
    );
    expect(errors.filter((e) => e instanceof AuthError).length).toBeGreaterThanOrEqual(4);
    expect(errors.at(-1)).toBeInstanceOf(ConfigurationError);
    for (const error of errors) expect(leaks(error)).toEqual([]);
    for (const error of errors.filter((e) => e instanceof AuthError)) {
      expect(leaks(error.body)).toEqual([]);
      expect(leaks(error.headers)).toEqual([]);
    }
  });

  it('ConfigurationError messages for invalid options next to a secret', () => {
    const introspection = { clientId: 'orders-api', clientSecret: LEAK_SENTINEL };
    const invalid: Partial<VerifierOptions>[] = [
      { introspection: { ...introspection, clientId: '' } },
      { introspection: { ...introspection, authMethod: 'client_secret_jwt' as never } },
      { introspection: { ...introspection, use: 'sometimes' as never } },
      { introspection: { ...introspection, cacheTtl: -1 } },
      { introspection: { ...introspection, issuer: 'https://elsewhere.example/realms/x' } },
      { algorithms: ['none' as never] },
      { algorithms: ['XS256' as never] },
      { clockTolerance: Number.NaN },
      { issuer: 'not a url' },
    ];
    for (const extra of invalid) {
      let thrown: unknown;
      try {
        createVerifier(options(extra));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect(leaks(thrown)).toEqual([]);
    }
    for (const extra of [{ issuer: 'not a url' }, { retries: 0 }, { clientId: '' }]) {
      let thrown: unknown;
      try {
        source(extra);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect(leaks(thrown)).toEqual([]);
    }
  });

  it('every event the runs above emitted, and those of a failing and recovering key fetch', async () => {
    // A failing key fetch and a refresh, so that fetch_failed and keys_refreshed are among them.
    const verifier = createVerifier(options({ keys: { maxAge: 1_000 } }));
    fx.realm.faults.set('certs', { type: 'status', status: 500, once: true });
    await verifier.warmUp().catch(() => undefined);
    fx.clock.advance(5_000);
    await verifier.warmUp();
    const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    await verifier.verify(token);
    await verifier.verify(token);
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'discovery_refreshed',
      'keys_refreshed',
      'fetch_failed',
      'verification_failed',
      'cache_hit',
      'cache_miss',
      'configuration_problem',
    ]) {
      expect(types).toContain(type);
    }
    for (const event of events) expect(leaks(event), event.type).toEqual([]);
  });
});

describe('the leak watchers of test-fixtures/no-leak-setup.ts', () => {
  it('report the sentinel in console output and stream writes, never the text', () => {
    drainLeakReports();
    const printed: unknown[] = [];
    const fakeConsole = { log: (...args: unknown[]) => printed.push(args) } as unknown as Console;
    const fakeStream = { write: (chunk: unknown) => printed.push(chunk) };
    watchConsole(fakeConsole);
    watchWrites(fakeStream, 'fake stream');
    fakeConsole.log('nothing to see');
    expect(drainLeakReports()).toEqual([]);
    fakeConsole.log('config: %o', { nested: { secret: LEAK_SENTINEL } });
    fakeStream.write(new TextEncoder().encode(`x${LEAK_SENTINEL}`));
    expect(drainLeakReports()).toEqual(['console.log', 'fake stream']);
    expect(printed).toHaveLength(3);
  });

  it('report the sentinel in a Node HTTP response and in a Web Response body read', async () => {
    drainLeakReports();
    const server = createServer((_req, res) => {
      res.setHeader('x-echo', 'fine');
      res.end(`{"oops":"${LEAK_SENTINEL}"}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`);
      await response.text();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(new Set(drainLeakReports())).toEqual(
      new Set(['HTTP response body', 'Web Response body']),
    );
  });
});
