import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of every package (the `@realmguard/source`
// export condition), so no build is needed before `pnpm test`.
export default defineConfig({
  resolve: {
    conditions: ['@realmguard/source'],
  },
  ssr: {
    resolve: {
      conditions: ['@realmguard/source'],
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
