import { afterEach, describe, expect, it, vi } from 'vitest';
import { runtimeBuiltin } from '../src/runtime-builtin.js';

describe('runtimeBuiltin', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reaches node:crypto on Node without an import', () => {
    const crypto = runtimeBuiltin<{ createHash?: unknown }>('node:crypto');
    expect(typeof crypto?.createHash).toBe('function');
  });

  it('gives undefined for a module the runtime does not have', () => {
    expect(runtimeBuiltin('node:no-such-module')).toBeUndefined();
  });

  it('gives undefined where there is no process (an edge runtime)', () => {
    vi.stubGlobal('process', undefined);
    const found = runtimeBuiltin('node:crypto');
    vi.unstubAllGlobals();
    expect(found).toBeUndefined();
  });

  it('gives undefined where getBuiltinModule throws', () => {
    vi.stubGlobal('process', {
      getBuiltinModule: () => {
        throw new Error('not allowed');
      },
    });
    const found = runtimeBuiltin('node:crypto');
    vi.unstubAllGlobals();
    expect(found).toBeUndefined();
  });
});
