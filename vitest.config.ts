import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of every package (the `@realmguard/source`
// export condition), so no build is needed before `pnpm test`.
// CI asks for a JSON report next to the console output, to print "N passed, M failed".
const report = process.env.REALMGUARD_TEST_REPORT;

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
    // Fails a test file in which the leak sentinel (a test client secret) reached a log or a
    // response: see test-fixtures/leak-sentinel.ts.
    setupFiles: ['./test-fixtures/no-leak-setup.ts'],
    testTimeout: 20_000,
    reporters: report ? ['default', 'json'] : ['default'],
    ...(report ? { outputFile: { json: report } } : {}),
    hookTimeout: 30_000,
  },
});
