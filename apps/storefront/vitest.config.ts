import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects, told apart by file name:
// - unit: every `*.test.ts(x)` that is not an integration test (no server, no database);
// - integration: `*.integration.test.ts`, against the built storefront (`next start`; `npm test`
//   builds it first) and the platform's services on the PostgreSQL server in DATABASE_URL.
// `vitest run --project unit` runs only the fast half.
const INTEGRATION = 'src/**/*.integration.test.ts';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)), 'server-only': fileURLToPath(new URL('./src/test/server-only-stub.ts', import.meta.url)) } },
  test: {
    environment: 'node',
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}'], exclude: [INTEGRATION] } },
      { extends: true, test: { name: 'integration', include: [INTEGRATION], fileParallelism: false, hookTimeout: 240_000 } },
    ],
  },
});
