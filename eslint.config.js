import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The layers DESIGN.md names, as import rules: each package imports only the layers below it.
 * contract ← xmpp, store ← backend ← desktop main; omemo (pure crypto and formats) ← backend;
 * the renderer and preload see the contract only; nothing but tests, benches and the dev host
 * imports the testkit; nothing outside apps/desktop/src/main and preload imports Electron.
 */
const forbid = (...groups) => [
  'error',
  {
    patterns: groups.map(([group, message]) => ({ group, message })),
  },
];
const noElectron = [[['electron'], 'Electron stays in apps/desktop/src/main and preload.']];
const noTestkit = [[['@parley/testkit'], 'The testkit is for tests, benches and the dev host.']];
const noUi = [[['react', 'react-dom'], 'React belongs to the renderer.']];
const below = (name, ...packages) => [
  packages.map((p) => `@parley/${p}`),
  `${name} does not import ${packages.join(', ')} (DESIGN.md layers).`,
];
const layers = [
  {
    files: ['packages/contract/src/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        below('The contract', 'xmpp', 'store', 'backend', 'testkit'),
        [['@xmpp/*', 'better-sqlite3*', 'node:*'], 'The contract is shared with the renderer.'],
        ...noElectron,
        ...noUi,
      ),
    },
  },
  {
    files: ['packages/xmpp/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': forbid(
        below('The protocol layer', 'store', 'backend'),
        ...noTestkit,
        ...noElectron,
        ...noUi,
      ),
    },
  },
  {
    files: ['packages/store/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support.ts'],
    rules: {
      'no-restricted-imports': forbid(
        below('The store', 'xmpp', 'backend'),
        [['@xmpp/*'], 'The store knows no protocol.'],
        ...noTestkit,
        ...noElectron,
        ...noUi,
      ),
    },
  },
  {
    files: ['packages/omemo/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': forbid(
        below('The OMEMO core', 'xmpp', 'store', 'backend', 'contract'),
        [
          ['@xmpp/client', '@xmpp/connection*', 'better-sqlite3*'],
          'The OMEMO core is crypto and formats: no XMPP I/O, no storage.',
        ],
        ...noTestkit,
        ...noElectron,
        ...noUi,
      ),
    },
  },
  {
    files: ['packages/backend/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**', 'packages/backend/src/host/**'],
    rules: {
      'no-restricted-imports': forbid(...noTestkit, ...noElectron, ...noUi),
    },
  },
  {
    files: ['apps/desktop/src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [
          ['@parley/xmpp', '@parley/store', '@parley/backend', '@parley/testkit'],
          'The preload exposes the contract only.',
        ],
        [['node:*', 'fs', 'path', 'child_process'], 'The preload is sandboxed: no Node.'],
      ),
    },
  },
  {
    files: ['apps/desktop/src/renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/test/**'],
    rules: {
      'no-restricted-imports': forbid(
        [
          ['@parley/xmpp', '@parley/store', '@parley/backend', '@parley/testkit', 'electron'],
          'The renderer speaks to the backend through the contract only.',
        ],
        [['node:*', 'fs', 'path', 'child_process'], 'The renderer is sandboxed: no Node.'],
      ),
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-web/**',
      '**/out/**',
      '**/release/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Network text is rendered as text only.',
        },
        // Node 20 deadlocks (a futex wait, for good) when a key it generated is exported while
        // the garbage collector frees the generation job: a hung test run, a frozen backend.
        {
          selector:
            ':matches(ImportSpecifier[imported.name=/^generateKeyPair(Sync)?$/], MemberExpression[property.name=/^generateKeyPair(Sync)?$/])',
          message:
            'No generateKeyPair/generateKeyPairSync: make the private key from randomBytes (see packages/omemo/src/v2/crypto.ts generateX25519).',
        },
      ],
    },
  },
  {
    files: ['apps/desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Specs that open their own browser contexts must have them closed: fixtures.ts does it.
    files: ['e2e/**/*.ts'],
    ignores: ['e2e/fixtures.ts', 'e2e/electron*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message: "Import test from './fixtures.js': it closes the contexts a spec opens.",
            },
          ],
        },
      ],
    },
  },
  ...layers,
);
