// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltinBan = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '^node:',
          message: 'This package runs on edge runtimes: use Web APIs only (no node: imports).',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'Buffer', message: 'Use Uint8Array/TextEncoder: this package runs on edge runtimes.' },
    { name: 'process', message: 'No process global on edge runtimes: take options instead.' },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'docs/api/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  // Web-API-only packages: core, hono, and the in-process part of testing.
  {
    files: [
      'packages/core/src/**/*.ts',
      'packages/hono/src/**/*.ts',
      'packages/testing/src/**/*.ts',
    ],
    ignores: ['packages/testing/src/node/**'],
    rules: nodeBuiltinBan,
  },
  {
    files: ['**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // The shared test helpers are the private package @realmguard/test-fixtures: imported by name,
  // and using the packages by name too, never their sources.
  {
    files: ['test-fixtures/**/*.ts', 'test-fixtures/**/*.mjs', '**/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+test-fixtures(/|$)',
              message: 'Import @realmguard/test-fixtures by name.',
            },
            {
              regex: '(^|/)packages/[^/]+/src(/|$)',
              message: 'Import the package by name (@realmguard/core, @realmguard/testing, …).',
            },
          ],
        },
      ],
    },
  },
);
