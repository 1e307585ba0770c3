import { describe, expect, it } from 'vitest';
import { ConfigurationError, fromKeycloakJson } from '../../src/index.js';
import { keycloakJsonReader } from '../../src/adapter/index.js';

const JSON_FILE = {
  realm: 'acme',
  'auth-server-url': 'https://sso.example.com',
  resource: 'orders-api',
};

describe('keycloakJsonReader', () => {
  it('reads a path with the reader it is given and maps it as core does', () => {
    const read: (string | URL)[] = [];
    const fromFile = keycloakJsonReader((path) => {
      read.push(path);
      return JSON.stringify(JSON_FILE);
    });
    expect(fromFile('./keycloak.json')).toEqual(fromKeycloakJson(JSON_FILE));
    const url = new URL('file:///etc/app/keycloak.json');
    expect(fromFile(url)).toEqual(fromKeycloakJson(JSON_FILE));
    expect(read).toEqual(['./keycloak.json', url]);
  });

  it('maps an object without reading anything', () => {
    const fromFile = keycloakJsonReader(() => {
      throw new Error('no file should be read');
    });
    expect(fromFile(JSON_FILE)).toEqual(fromKeycloakJson(JSON_FILE));
  });

  it('says which file it could not read or parse, as a ConfigurationError with the cause', () => {
    const missing = keycloakJsonReader(() => {
      throw new Error('ENOENT: no such file or directory');
    });
    expect(() => missing('/nope/keycloak.json')).toThrow(
      new ConfigurationError(
        'realmguard: cannot read keycloak.json from /nope/keycloak.json: ENOENT: no such file or directory',
      ),
    );
    const garbled = keycloakJsonReader(() => '{ not json');
    expect(() => garbled('keycloak.json')).toThrow(ConfigurationError);
    try {
      garbled('keycloak.json');
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('refuses an unsupported field of the file as core does', () => {
    const withPolicy = keycloakJsonReader(() =>
      JSON.stringify({ ...JSON_FILE, 'policy-enforcer': {} }),
    );
    expect(() => withPolicy('keycloak.json')).toThrow(ConfigurationError);
  });
});
