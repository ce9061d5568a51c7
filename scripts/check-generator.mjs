#!/usr/bin/env node
// CI proof of the generators (npm run check:generator, part of npm test):
//  1. `npm run gen:domain -- <name>` in a temporary copy of the repository: the generated domain
//     builds and passes typecheck, lint, the boundary check, the Prisma drift test, its own tests,
//     the domain-shape and registry tests, and the OpenAPI / event catalogue / k8s drift checks,
//     without edits; a second run refuses and writes nothing.
//  2. Both skeleton scripts (data/code_skeletons/*.sh) into a temporary folder: each result
//     installs, typechecks, passes its test and answers /healthz when started; a second run into the
//     same folder refuses and writes nothing.
// Uses the machine's PostgreSQL like the rest of npm test (DATABASE_URL). The copy shares
// node_modules with this checkout through hard links, so nothing is downloaded for part 1.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOMAIN = 'reviews';
const started = Date.now();
const step = (message) => console.log(`\n--> ${message} (${((Date.now() - started) / 1000).toFixed(0)}s)`);

function run(command, args, cwd, options = {}) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: options.quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', CI: 'true', ...options.env },
  });
  if (options.expectFailure) return result;
  if (result.status !== 0) {
    if (options.quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
  }
  return result;
}

/** The repository as a fresh clone has it (tracked and new files, not ignored ones), node_modules hard-linked. */
function copyRepository(target) {
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
  const modules = ['node_modules', ...['apps', 'packages', 'tooling'].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(group, name, 'node_modules')) : [],
  )].filter((path) => existsSync(join(root, path)));
  // Hard links: the copy costs no disk and no download; relative workspace links point into the copy.
  for (const path of modules) run('cp', ['-al', join(root, path), join(target, path)], root);
}

async function answersHealthz(folder) {
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: folder, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the skeleton did not start within 10 s')), 10_000);
      child.stdout.on('data', (chunk) => {
        const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`the skeleton exited (${code})`)));
    });
    const response = await fetch(`${url}/healthz`);
    if (response.status !== 200 || (await response.json()).status !== 'ok') throw new Error(`/healthz answered ${response.status}`);
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'omnicart-generators-'));
  try {
    step(`gen:domain ${DOMAIN} in a temporary copy of the repository (${work}/repo)`);
    const repo = join(work, 'repo');
    copyRepository(repo);
    run('npm', ['run', 'gen:domain', '--silent', '--', DOMAIN, '--summary', 'Product reviews (a generated domain, CI proof).'], repo);
    const again = run('npm', ['run', 'gen:domain', '--silent', '--', DOMAIN, '--no-build'], repo, { expectFailure: true, quiet: true });
    if (again.status === 0 || !/nothing was written/.test(again.stderr)) throw new Error(`a second gen:domain ${DOMAIN} did not refuse:\n${again.stderr}`);

    step('the generated domain: typecheck, lint, boundaries');
    run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], join(repo, 'packages/api'));
    run('npx', ['eslint', `src/${DOMAIN}`, 'src/platform'], join(repo, 'packages/api'));
    run('npx', ['depcruise', 'packages', 'apps', '--config', '.dependency-cruiser.cjs'], repo);
    step('its Prisma drift test, its own tests, the domain-shape and registry tests');
    run('npx', ['vitest', 'run', 'src/drift.integration.test.ts'], join(repo, 'packages/db'));
    run('npx', ['vitest', 'run', `src/${DOMAIN}`, 'src/platform'], join(repo, 'packages/api'));
    step('the documents derived from the registry are up to date');
    run('npm', ['run', 'check:openapi', '--silent'], repo);
    run('npm', ['run', 'check:events', '--silent'], repo);
    run('npm', ['run', 'check:k8s', '--silent'], repo);

    for (const kind of ['user', 'product']) {
      const script = join(root, 'data', 'code_skeletons', `create_${kind}_service_skeleton.sh`);
      const folder = join(work, `${kind}_service`);
      step(`bash data/code_skeletons/create_${kind}_service_skeleton.sh ${folder}`);
      run('bash', [script, folder], work);
      const listing = readdirSync(folder).sort().join(',');
      const second = run('bash', [script, folder], work, { expectFailure: true, quiet: true });
      if (second.status === 0 || !/Nothing was written/.test(second.stderr)) throw new Error(`a second run into ${folder} did not refuse:\n${second.stderr}`);
      if (readdirSync(folder).sort().join(',') !== listing) throw new Error('the refused run changed the folder');
      for (const file of ['src/main.ts', 'src/models.ts', 'src/routes.ts', 'package.json', 'Dockerfile', 'README.md']) {
        if (!existsSync(join(folder, file))) throw new Error(`${kind} skeleton lacks ${file}`);
      }
      run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], folder);
      run('npm', ['run', 'typecheck', '--silent'], folder);
      run('npm', ['test', '--silent'], folder);
      run('npm', ['run', 'build', '--silent'], folder);
      await answersHealthz(folder);
      console.log(`${kind} skeleton: installs, typechecks, passes its test, answers /healthz (${JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name})`);
    }
    step('generators OK');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`\ncheck:generator failed: ${error.message}`);
  process.exit(1);
});
