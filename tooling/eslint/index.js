// Shared lint preset. Packages extend it from their eslint.config.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Files allowed to read process.env: each service validates its environment once, in env.ts. */
const envReaders = ['**/env.ts', '**/*.test.ts', '**/bench/**', '**/cli/**', '**/testing/**', 'scripts/**', '*.config.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/generated/**', '**/node_modules/**', '**/.next/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the validated env.ts of your service.' },
      ],
    },
  },
  { files: envReaders, rules: { 'no-restricted-properties': 'off' } },
);
