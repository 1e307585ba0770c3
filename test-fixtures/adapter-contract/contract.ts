/**
 * The adapter contract: one description of how every realmguard adapter must answer, run over
 * real HTTP against each framework (and the Web guard).
 *
 * An adapter's `makeServer` builds a real HTTP server with these GET routes, each answering
 * `{ user: principal?.username ?? null }` when it lets the request through:
 *
 * | route             | middleware                                                           |
 * | ----------------- | -------------------------------------------------------------------- |
 * | `/me`             | `realmguard({ ...verifierOptions, onError })`                        |
 * | `/admin`          | that, then `requireRole('admin')`                                    |
 * | `/editor`         | that, then `requireRole('orders-api:editor')`                        |
 * | `/scope`          | that, then `requireScope('orders:read')`                             |
 * | `/policy`         | that, then `requirePolicy(reports)` (see `policies.ts`)              |
 * | `/solo`           | only `auth.requireRole('admin')`, `auth` being the guard of `/me`    |
 * | `/optional`       | `realmguard(createVerifier(verifierOptions), { optional, onError })` |
 * | `/optional/admin` | that, then `requireRole('admin')`                                    |
 *
 * @example
 * ```ts
 * describeAdapterContract('Express 5', (options) => expressServer(express, options));
 * ```
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthError, VerifierOptions } from '@realmguard/core';
import { CASES, type ContractCase, type Outcome, type ServerVariant } from './cases.js';
import { describeCookieContract } from './cookie-cases.js';
import { describeDpopContract } from './dpop-contract.js';
import { startContractRealm, type ContractRealm } from './fixture.js';
import { rawGet } from './raw-request.js';

/** What the contract's custom `onError` produces; each adapter sends it its own way. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The custom error renderer the `custom-error` server must install as `onError`. */
export type ContractErrorRenderer = (error: AuthError) => RenderedError;

/** Keeps the standard headers, adds `x-auth-error`, and replaces the body. */
export const renderError: ContractErrorRenderer = (error) => ({
  status: error.status,
  headers: { ...error.headers, 'x-auth-error': error.code },
  body: { message: error.description, code: error.code },
});

/** What `makeServer` receives. */
export interface ContractServerOptions {
  verifierOptions: VerifierOptions;
  /** When set, every realmguard of the server renders errors with it. */
  onError?: ContractErrorRenderer;
}

/** A running server. */
export interface ContractServer {
  url: string;
  close(): Promise<void>;
}

/** Builds the contract's routes over one framework and serves them on 127.0.0.1. */
export type MakeServer = (options: ContractServerOptions) => Promise<ContractServer>;

/** Sends the request; a list of `Authorization` values goes as that many header lines. */
async function request(
  server: ContractServer,
  path: string,
  authorization?: string | readonly string[],
): Promise<Outcome> {
  if (typeof authorization === 'object') {
    const { status, headers, text } = await rawGet(`${server.url}${path}`, authorization);
    const header = (name: string) => (headers[name] as string | undefined) ?? null;
    return outcome(status, header, text);
  }
  const response = await fetch(`${server.url}${path}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return outcome(response.status, (name) => response.headers.get(name), await response.text());
}

function outcome(status: number, header: (name: string) => string | null, text: string): Outcome {
  const json = (header('content-type') ?? '').includes('application/json');
  return {
    status,
    wwwAuthenticate: header('www-authenticate'),
    retryAfter: header('retry-after'),
    xAuthError: header('x-auth-error'),
    body: json ? (JSON.parse(text) as unknown) : text,
  };
}

/** Servers of one adapter over one contract realm, made lazily and closed together. */
export class ContractRun {
  readonly #servers = new Map<ServerVariant, Promise<ContractServer>>();

  constructor(
    readonly fx: ContractRealm,
    readonly makeServer: MakeServer,
  ) {}

  #server(variant: 'default' | 'custom-error'): Promise<ContractServer> {
    let server = this.#servers.get(variant);
    if (!server) {
      const onError = variant === 'custom-error' ? { onError: renderError } : {};
      server = this.makeServer({ verifierOptions: this.fx.verifierOptions(), ...onError });
      this.#servers.set(variant, server);
    }
    return server;
  }

  /** Runs one case and reduces the response to its {@link Outcome}. */
  async run(c: ContractCase): Promise<Outcome> {
    const authorization = await c.authorization?.(this.fx.realm);
    if (c.server !== 'idp-down') {
      const server = await this.#server(c.server);
      if (c.cacheFirst && typeof authorization === 'object') {
        // The first token alone first, so that the verifier holds it in its token cache.
        expect((await request(server, c.path, authorization[0])).status).toBe(200);
      }
      return request(server, c.path, authorization);
    }
    const { realm } = this.fx;
    realm.faults.set('discovery', { type: 'refuse' });
    realm.faults.set('certs', { type: 'refuse' });
    const server = await this.makeServer({ verifierOptions: this.fx.verifierOptions() });
    try {
      return await request(server, c.path, authorization);
    } finally {
      realm.faults.clear();
      await server.close();
    }
  }

  /** Requests `path` with a fresh token and returns how many verifications it cost. */
  async verificationsFor(path: string): Promise<number> {
    const token = await this.fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
    const before = this.fx.verifications.count;
    const outcome = await request(await this.#server('default'), path, `Bearer ${token}`);
    expect(outcome.status).toBe(200);
    return this.fx.verifications.count - before;
  }

  async close(): Promise<void> {
    const servers = await Promise.all(this.#servers.values());
    await Promise.all(servers.map((server) => server.close()));
    this.#servers.clear();
  }
}

/**
 * Declares the whole contract for one adapter: one test per case, each asserting status,
 * `WWW-Authenticate`, `Retry-After`, the custom header and the JSON body.
 *
 * @example
 * ```ts
 * describeAdapterContract('Koa 3', (options) => koaServer(Koa, options));
 * ```
 */
export function describeAdapterContract(name: string, makeServer: MakeServer): void {
  describe(`${name} adapter contract`, () => {
    let fx: ContractRealm;
    let run: ContractRun;
    beforeAll(async () => {
      fx = await startContractRealm();
      run = new ContractRun(fx, makeServer);
    });
    afterAll(async () => {
      await run?.close();
      await fx?.close();
    });

    for (const c of CASES) {
      it(c.name, async () => {
        expect(await run.run(c)).toEqual(c.expected);
      });
    }

    it('verifies a token once per request, however many middleware need the principal', async () => {
      for (const path of ['/me', '/admin', '/policy', '/solo', '/optional']) {
        expect(await run.verificationsFor(path), path).toBe(1);
      }
    });
  });
  describeDpopContract(name, makeServer);
  describeCookieContract(name, makeServer);
}
