// ESLint flat config. `npm run lint` = `eslint . && prettier --check .`: formatting is prettier's job,
// correctness and architecture (import directions, see tools/eslint-plugin-twill/layers.js) are ESLint's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import twill from './tools/eslint-plugin-twill/index.js';

// The `globals` package is not a direct devDependency, so list the few node globals our JS uses.
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map(
    (name) => [name, 'readonly'],
  ),
);
const mochaGlobals = Object.fromEntries(
  ['describe', 'context', 'it', 'specify', 'before', 'after', 'beforeEach', 'afterEach'].map((name) => [
    name,
    'readonly',
  ]),
);

const unusedVarsOptions = {
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
};

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/']),

  js.configs.recommended,
  { rules: { 'no-unused-vars': ['error', unusedVarsOptions] } },

  // TypeScript: syntax-only typescript-eslint rules (no type information, to keep lint fast).
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { twill },
    rules: {
      'twill/layers': 'error',
      'twill/pure-layer-io': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-unused-vars': 'off', // replaced by the TS-aware version below
      '@typescript-eslint/no-unused-vars': ['error', unusedVarsOptions],
      // `x == null` is the idiom for "null or undefined"; everything else must be strict.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Library code logs through common/'s logger so output is structured and levelled.
      'no-console': 'error',
    },
  },
  // CLI entry points talk to the user on stdout/stderr.
  { files: ['**/cli.ts', '**/main.ts'], rules: { 'no-console': 'off' } },

  // Tests: a committed .only silently drops the rest of the suite, a .skip silently drops a test.
  // (Runtime `this.skip()`, e.g. when containerlab is unavailable, stays allowed and is counted as skipped.)
  {
    files: ['**/*.test.ts', '**/*.test.mjs'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['describe', 'context', 'it', 'specify'].flatMap((object) =>
          ['only', 'skip'].map((property) => ({
            object,
            property,
            message: `Do not commit ${object}.${property}; it changes which tests run.`,
          })),
        ),
      ],
      'no-restricted-globals': [
        'error',
        ...['xdescribe', 'xcontext', 'xit', 'xspecify'].map((name) => ({
          name,
          message: `Do not commit ${name}; it silently skips tests.`,
        })),
      ],
    },
  },

  // Plain JS tooling (this config, the ESLint plugin and its tests, scripts/*.cjs) runs on node.
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  { files: ['tools/**/test/**/*.mjs'], languageOptions: { globals: mochaGlobals } },
]);
