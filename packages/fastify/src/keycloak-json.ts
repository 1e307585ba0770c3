import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  fromKeycloakJson as fromJson,
  type KeycloakJson,
  type VerifierOptions,
} from '@realmguard/core';

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
export function fromKeycloakJson(
  source: string | URL | KeycloakJson | Record<string, unknown>,
): VerifierOptions {
  if (typeof source !== 'string' && !(source instanceof URL)) return fromJson(source);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (cause) {
    throw new ConfigurationError(
      `realmguard: cannot read keycloak.json from ${String(source)}: ${(cause as Error).message}`,
      { cause },
    );
  }
  return fromJson(json as KeycloakJson);
}
