/**
 * The package version, printed by `realmguard --version` (kept equal to package.json by a test).
 *
 * @example
 * ```ts
 * console.log(`realmguard ${VERSION}`);
 * ```
 */
export const VERSION = '0.1.0';
