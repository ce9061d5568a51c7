import { defineConfig } from 'vitest/config';

// unit: seed-data tests (no database), in parallel. integration: `*.integration.test.ts`, against
// the PostgreSQL server in DATABASE_URL or an embedded one, one file at a time after the unit tests.
const INTEGRATION = 'src/**/*.integration.test.ts';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: [INTEGRATION], sequence: { groupOrder: 0 } } },
      {
        test: {
          name: 'integration',
          include: [INTEGRATION],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
