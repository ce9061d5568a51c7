/**
 * End-to-end user flows against the production build: `npm start` from the repository root starts the
 * API platform (gateway 4000, services 4101-4106, Stripe simulator 12111) and the storefront
 * (`next start` on 3000). With DATABASE_URL set the platform gets a fresh database per run (see
 * e2e/support/env.ts); without it, npm start's embedded PostgreSQL. Chromium is the machine's
 * (/usr/bin/chromium or CHROMIUM_PATH): Playwright never downloads a browser here.
 */
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_PATH, CI, REPLICAS, STOREFRONT_URL, WORKERS, e2eDatabaseUrl } from './e2e/support/env';

const databaseUrl = e2eDatabaseUrl();
const launchOptions = {
  executablePath: CHROMIUM_PATH,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  // Two cores run the platform, the storefront and the browser: two workers at most.
  workers: WORKERS ?? 2,
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'test-results/html', open: 'never' }]],
  globalSetup: './e2e/support/global-setup.ts',
  globalTeardown: './e2e/support/global-teardown.ts',
  use: {
    baseURL: STOREFRONT_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /mobile\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], channel: undefined, launchOptions },
    },
    {
      name: 'mobile',
      testMatch: /mobile\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], channel: undefined, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, launchOptions },
    },
  ],
  webServer: {
    // Exactly what a developer runs: builds (turbo, cached after the first time), then starts everything.
    command: 'npm start',
    cwd: '../..',
    url: STOREFRONT_URL,
    timeout: 8 * 60_000,
    reuseExistingServer: !CI,
    stdout: 'ignore',
    stderr: 'pipe',
    // SIGTERM lets npm start stop its services and embedded PostgreSQL cleanly.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    // ADMIN=0: the admin has its own suite (apps/admin/e2e); these flows need only the storefront.
    // RECS_REFRESH_EVERY: recommendations learns from new orders and views every 2 s instead of 15 s
    // (recommendations.spec.ts waits for a pair bought together to reach "Customers also bought").
    // PROMOTIONS_REVALIDATE_SECONDS: the storefront asks for the live promotions every 2 s instead of
    // 60 s (promotions.spec.ts waits for a new automatic promotion's badge).
    env: {
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      ADMIN: '0',
      RECS_REFRESH_EVERY: '2s',
      PROMOTIONS_REVALIDATE_SECONDS: '2',
      // E2E_REPLICAS=2: two processes of every domain service and of the gateway behind balancers.
      REPLICAS,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  },
});
