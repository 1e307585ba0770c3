import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@realmguard/core';
import {
  serveNode,
  startContractRealm,
  type ContractRealm,
} from '@realmguard/test-fixtures/adapter-contract';
import { fromKeycloakJson, realmguard } from '../src/index.js';

let fx: ContractRealm;
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(() => fx.close());

/** A keycloak.json for the contract realm's orders-api, written to a fresh directory. */
function keycloakJsonFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'realmguard-express-')), 'keycloak.json');
  const issuer = new URL(fx.verifierOptions().issuer as string);
  writeFileSync(
    file,
    JSON.stringify({ realm: 'acme', 'auth-server-url': issuer.origin, resource: 'orders-api' }),
  );
  return file;
}

describe('Express fromKeycloakJson', () => {
  it('reads keycloak.json from a path (or file URL) into the options of realmguard()', async () => {
    const file = keycloakJsonFile();
    expect(fromKeycloakJson(pathToFileURL(file))).toEqual(fromKeycloakJson(file));
    const app = express();
    app.use(realmguard({ ...fromKeycloakJson(file), now: fx.verifierOptions().now }));
    app.get('/me', (req, res) => void res.json({ user: req.auth?.username }));
    const server = await serveNode(app);
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
