import { fromKeycloakJson, type KeycloakJson } from '../keycloak-json.js';
import { ConfigurationError } from '../errors.js';
import type { VerifierOptions } from '../options.js';

/**
 * keycloak.json from a file, for the adapters that run where files exist (Node): core parses
 * and maps it, the adapter only supplies the one call that reads a file, so core keeps no
 * `node:` import and every Node adapter has the same rules and messages.
 */

/** A keycloak.json: the parsed object, or the path (or `file:` URL) of the file. */
export type KeycloakJsonSource = string | URL | KeycloakJson | Record<string, unknown>;

/** `fromKeycloakJson` of a Node adapter: verifier options from a keycloak.json or its path. */
export type KeycloakJsonReader = (source: KeycloakJsonSource) => VerifierOptions;

/**
 * A `fromKeycloakJson` that also takes a path: the file is read with `readText` (once,
 * synchronously, at start-up) and parsed; an object goes to core's `fromKeycloakJson` as it is.
 *
 * @throws ConfigurationError (from the reader) when the file cannot be read or parsed, or a
 *   field is unsupported.
 * @example
 * ```ts
 * // In a Node adapter, `readFileSync` is the file system module's: core never imports it.
 * export const fromKeycloakJson = keycloakJsonReader((path) => readFileSync(path, 'utf8'));
 * ```
 */
export function keycloakJsonReader(readText: (path: string | URL) => string): KeycloakJsonReader {
  return (source) => {
    if (typeof source !== 'string' && !(source instanceof URL)) return fromKeycloakJson(source);
    let json: unknown;
    try {
      json = JSON.parse(readText(source));
    } catch (cause) {
      throw new ConfigurationError(
        `realmguard: cannot read keycloak.json from ${String(source)}: ${(cause as Error).message}`,
        { cause },
      );
    }
    return fromKeycloakJson(json as KeycloakJson);
  };
}
