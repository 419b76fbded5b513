// @ts-check
import tseslint from 'typescript-eslint';

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'coverage/**', '.scratch/**'] },
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'eval is banned.' },
        { selector: "NewExpression[callee.name='Function']", message: 'new Function is banned.' },
      ],
    },
  },
  {
    // shared/ is the isomorphic contract: nothing of ours, no node:*, no DOM, no electron.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['node:*'], message: 'shared/ must stay isomorphic (no node:*).' },
            {
              group: ['../electron/*', '../renderer/*', '**/electron/**', '**/renderer/**'],
              message: 'shared/ imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine: shared only, never electron.
    files: [
      'electron/core/**/*.ts',
      'electron/cli/**/*.ts',
      'electron/server/**/*.ts',
      'electron/host/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/renderer/**'], message: 'The engine must not import the renderer.' },
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The engine must not import Electron glue.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              group: ['**/electron/**'],
              message: 'The renderer talks to the engine through the contract only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Electron glue never imports the engine: it starts the data host by path. The one
    // exception is core/media (file checks and byte ranges, no SQLite): main serves media://
    // with it after asking the data host where the file is.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!media/)',
              message: 'electron/main starts the data host by path.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
);
