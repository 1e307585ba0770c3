import { readFileSync } from 'node:fs';
import { keycloakJsonReader, type KeycloakJsonReader } from '@realmguard/core/adapter';

/**
 * Verifier options from a keycloak.json: the parsed object, or the path of the file (read once,
 * synchronously, at start-up). See `fromKeycloakJson` of `@realmguard/core` for the mapping.
 *
 * @throws ConfigurationError when the file cannot be read or parsed, or a field is unsupported.
 * @example
 * ```ts
 * await app.register(realmguard, fromKeycloakJson('./keycloak.json'));
 * ```
 */
export const fromKeycloakJson: KeycloakJsonReader = keycloakJsonReader((path) =>
  readFileSync(path, 'utf8'),
);
