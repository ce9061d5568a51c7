import preset from '@omnicart/eslint-config';
import globals from 'globals';

export default [
  ...preset,
  { ignores: ['.next/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  { files: ['src/**/*.tsx', 'src/components/**', 'src/lib/**'], languageOptions: { globals: { ...globals.browser } } },
  // Next.js reads NEXT_RUNTIME / NODE_ENV itself; instrumentation and the e2e/bench tooling may too.
  { files: ['src/instrumentation.ts', 'e2e/**', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
];
