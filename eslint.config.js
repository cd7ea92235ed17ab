// Lint for the whole tree (server/, web/, contract/, test/): `npm run lint`, zero warnings, run by .ci/run.
import './scripts/eslint-typescript-5.cjs'; // first: typescript-eslint must find TypeScript 5's API (see the file)
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // a full-width space (U+3000) inside an SQL template is data, not layout: address keys strip it
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
      // an unused argument named with a leading underscore is a documented placeholder (a callback's shape)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // tests read raw JSON answers (`body.features[0].properties`); the test app already checks
    // every answer against its contract schema, so typing each access again would add nothing
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // the hooks' rules of the classic plugin: call hooks unconditionally, and name every dependency.
    // The React Compiler's rules that the plugin's v7 preset adds (set-state-in-effect, refs, purity,
    // preserve-manual-memoization) are for code compiled by it, which this app is not (see docs/architecture.md).
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
