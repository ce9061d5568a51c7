import { defineConfig } from 'vitest/config';

// Two projects, told apart by file name:
// - unit: every `*.test.ts` that is not an integration test. No database, no broker, no fixed port
//   (fakes from src/testing/fakes.ts, servers on port 0), so files run in parallel.
// - integration: `*.integration.test.ts`. They share the PostgreSQL server in DATABASE_URL (each
//   suite creates and drops its own databases) and the machine's RabbitMQ, and start whole services,
//   so they run one file at a time, after the unit tests (groupOrder).
// `vitest run --project unit` runs only the fast half.
const INTEGRATION = 'src/**/*.integration.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: [INTEGRATION],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: [INTEGRATION],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
