/**
 * A built-in module of the runtime (`node:crypto` on Node, Bun and Deno), reached through
 * `process.getBuiltinModule` rather than an import, so that core keeps no `node:` import and
 * edge runtimes, which have no such module, take the Web path.
 */

/**
 * The built-in module `id`, or undefined where the runtime has none (edge runtimes, browsers).
 *
 * @example
 * ```ts
 * const crypto = runtimeBuiltin<{ createHash?: unknown }>('node:crypto');
 * if (typeof crypto?.createHash === 'function') {
 *   // the synchronous Node path
 * }
 * ```
 */
export function runtimeBuiltin<T>(id: string): T | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}
