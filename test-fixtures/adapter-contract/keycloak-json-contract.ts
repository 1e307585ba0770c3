/**
 * `fromKeycloakJson` of a Node adapter, path form: a keycloak.json written to a temporary
 * directory, read by path and by `file:` URL into the options of the adapter's guard, which then
 * verifies the contract realm's tokens over real HTTP; a missing or garbled file fails at
 * start-up with a ConfigurationError.
 *
 * @example
 * ```ts
 * describeKeycloakJsonFile('Express 5', fromKeycloakJson, (options) => serveNode(expressApp(options)));
 * ```
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, type VerifierOptions } from '@realmguard/core';
import type { ContractServer } from './contract.js';
import { startContractRealm, type ContractRealm } from './fixture.js';

/** Serves `GET /me` (answering `{ user }`) behind the adapter's guard with these options. */
export type ServeWithOptions = (options: VerifierOptions) => Promise<ContractServer>;

/**
 * Declares the keycloak.json path cases for one adapter.
 *
 * @example
 * ```ts
 * describeKeycloakJsonFile('Koa 3', fromKeycloakJson, (options) => serveNode(koaListener(options)));
 * ```
 */
export function describeKeycloakJsonFile(
  name: string,
  fromKeycloakJson: (source: string | URL) => VerifierOptions,
  serve: ServeWithOptions,
): void {
  describe(`${name} fromKeycloakJson(path)`, () => {
    let fx: ContractRealm;
    beforeAll(async () => {
      fx = await startContractRealm();
    });
    afterAll(() => fx?.close());

    /** A keycloak.json for the contract realm's orders-api, in a fresh directory. */
    const keycloakJsonFile = (): string => {
      const file = join(mkdtempSync(join(tmpdir(), 'realmguard-keycloak-json-')), 'keycloak.json');
      const issuer = new URL(fx.verifierOptions().issuer as string);
      const json = { realm: 'acme', 'auth-server-url': issuer.origin, resource: 'orders-api' };
      writeFileSync(file, JSON.stringify(json));
      return file;
    };

    it('reads keycloak.json from a path (or file URL) into the options of the guard', async () => {
      const file = keycloakJsonFile();
      expect(fromKeycloakJson(pathToFileURL(file))).toEqual(fromKeycloakJson(file));
      const server = await serve({ ...fromKeycloakJson(file), now: fx.verifierOptions().now });
      try {
        const token = await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' });
        const response = await fetch(`${server.url}/me`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(await response.json()).toEqual({ user: 'alice' });
        expect((await fetch(`${server.url}/me`)).status).toBe(401);
      } finally {
        await server.close();
      }
    });

    it('fails at start-up with a ConfigurationError when the file cannot be read or parsed', () => {
      const file = keycloakJsonFile();
      expect(() => fromKeycloakJson(`${file}.missing`)).toThrow(ConfigurationError);
      writeFileSync(file, '{ not json');
      expect(() => fromKeycloakJson(file)).toThrow(/cannot read keycloak.json/);
    });
  });
}
