/**
 * The merchant's user flows against the production build: `npm start` from the repository root
 * starts the API platform, the admin (`next start` on 3001) and the storefront (3000: merchant
 * flows check what shoppers then see, e2e/storefront.spec.ts). With DATABASE_URL set the platform gets a fresh database per run
 * (e2e/support/env.ts); without it, npm start's embedded PostgreSQL. Chromium is the machine's
 * (/usr/bin/chromium or CHROMIUM_PATH): Playwright never downloads a browser here.
 */
import { defineConfig, devices } from '@playwright/test';
import { ADMIN_URL, CHROMIUM_PATH, CI, REPLICAS, WORKERS, e2eDatabaseUrl } from './e2e/support/env';

const databaseUrl = e2eDatabaseUrl();
const launchOptions = {
  executablePath: CHROMIUM_PATH,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  // Two cores run the platform, the admin and the browser: two workers at most.
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
    baseURL: ADMIN_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [/mobile\.spec\.ts/, /dashboard-today\.spec\.ts/],
      use: { ...devices['Desktop Chrome'], channel: undefined, viewport: { width: 1280, height: 800 }, launchOptions },
    },
    {
      name: 'phone',
      testMatch: /mobile\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], channel: undefined, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, launchOptions },
    },
    {
      // After everything else: counts today's orders, so no other test may place one meanwhile.
      name: 'quiet',
      testMatch: /dashboard-today\.spec\.ts/,
      dependencies: ['chromium', 'phone'],
      use: { ...devices['Desktop Chrome'], channel: undefined, viewport: { width: 1280, height: 800 }, launchOptions },
    },
  ],
  webServer: {
    // What a developer runs (builds through turbo, cached after the first time).
    command: 'npm start',
    cwd: '../..',
    url: `${ADMIN_URL}/healthz`,
    timeout: 8 * 60_000,
    reuseExistingServer: !CI,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    // E2E_REPLICAS=2: two processes of every domain service and of the gateway behind balancers.
    env: { LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1', REPLICAS, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  },
});
