#!/usr/bin/env node
// Proves what the production image (the Dockerfile's last stage) holds and that it runs, without a
// container daemon (none runs here or in CI):
//
// 1. The Dockerfile: the runtime stage copies package.json and dist/ of every workspace package
//    @omnicart/api depends on (transitively), the API's dist comes from the stage that runs
//    packages/api/scripts/prune-production-build.mjs, the Stripe simulator has its own target, and
//    the image starts cli/service.js with the service it is built for (ARG SERVICE → ENV SERVICES).
// 2. The image's /app, replayed in a temporary folder from the built packages: the same files,
//    the API's dist pruned by the same script, node_modules linked from this checkout.
// 3. Every module the pruned build imports is a Node built-in, a file that is still there, or a
//    `dependencies` entry of its package (`npm prune --omit=dev` removes the rest in the image).
// 4. Every domain and the gateway start from the replayed build the way their images start them
//    (`service.js` without an argument, SERVICES=<name>) with NODE_ENV=production on a throwaway
//    database, the gateway serves the catalog, and the Stripe simulator refuses with a clear message.
//
//   node scripts/check-production-build.mjs        (npm test runs it; needs `npm run build`)
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const problem = (message) => problems.push(message);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// --- the workspace packages the API image needs --------------------------------------------------
const workspaceDirs = Object.fromEntries(
  readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
    .map((dir) => [readJson(join(root, 'packages', dir, 'package.json')).name, `packages/${dir}`]),
);
/** @omnicart/api and the workspace packages it depends on at run time, transitively. */
function runtimeWorkspaces(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dependency of Object.keys(readJson(join(root, workspaceDirs[name], 'package.json')).dependencies ?? {})) {
    if (workspaceDirs[dependency]) runtimeWorkspaces(dependency, seen);
  }
  return seen;
}
const packages = [...runtimeWorkspaces('@omnicart/api')].map((name) => ({ name, dir: workspaceDirs[name] }));
for (const { dir } of packages) {
  if (!existsSync(join(root, dir, 'dist'))) {
    console.error(`check-production-build: ${dir}/dist is missing: run npm run build first`);
    process.exit(1);
  }
}

// --- 1. the Dockerfile -----------------------------------------------------------------------------
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** Stages by name, each with its instructions (continuation lines joined). */
const stages = [];
for (const line of dockerfile.replace(/\\\n/g, ' ').split('\n')) {
  const instruction = line.trim();
  if (!instruction || instruction.startsWith('#')) continue;
  const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction);
  if (from) stages.push({ base: from[1], name: from[2] ?? `#${stages.length}`, lines: [] });
  else stages.at(-1)?.lines.push(instruction);
}
const stage = (name) => stages.find((candidate) => candidate.name === name);
/** A stage's instructions, its ancestors' (FROM another stage) first. */
const lineage = (name) => {
  const found = stage(name);
  return found ? [...lineage(found.base), ...found.lines] : [];
};
const runtime = stages.at(-1);
if (!runtime) problem('Dockerfile: no stage');
else {
  const lines = lineage(runtime.name);
  const copies = (path) => lines.some((line) => new RegExp(`^COPY\\s.*\\s${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?(\\s|$)`).test(line));
  for (const { name, dir } of packages) {
    if (!copies(`${dir}/package.json`) && !copies(`${dir}/`)) problem(`Dockerfile: the production image does not copy ${dir}/package.json (${name})`);
    if (!copies(`${dir}/dist`)) problem(`Dockerfile: the production image does not copy ${dir}/dist (${name})`);
  }
  const apiDist = lines.filter((line) => /^COPY\s.*packages\/api\/dist/.test(line));
  const prunedFrom = apiDist.map((line) => /--from=(\S+)/.exec(line)?.[1]).filter(Boolean);
  if (apiDist.length !== 1 || !prunedFrom.length || !lineage(prunedFrom[0]).some((line) => /^RUN\s.*prune-production-build\.mjs/.test(line))) {
    problem('Dockerfile: the production image must take packages/api/dist, once, from a stage that runs packages/api/scripts/prune-production-build.mjs');
  }
  if (!lines.some((line) => /^ENTRYPOINT\s.*packages\/api\/dist\/cli\/service\.js"\]$/.test(line))) problem('Dockerfile: the production image does not start cli/service.js (with no service argument: SERVICES names it)');
  if (!lines.includes('ARG SERVICE') || !lines.some((line) => /^ENV\s+SERVICES=\$\{?SERVICE\}?$/.test(line))) problem('Dockerfile: the production image must take ARG SERVICE and set ENV SERVICES=${SERVICE} (one image per service)');
  if (!lines.some((line) => /^USER\s+(?!0\b|root\b)/.test(line))) problem('Dockerfile: the production image runs as root');
}
const simulatorStage = stage('stripe-simulator');
if (!simulatorStage || !lineage('stripe-simulator').some((line) => /^ENTRYPOINT\s.*cli\/stripe-simulator\.js/.test(line))) {
  problem('Dockerfile: no `stripe-simulator` target starting cli/stripe-simulator.js (the development entry)');
}

// --- 2. the image's /app, replayed ---------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'omnicart-production-build-'));
const app = join(work, 'app');
for (const { dir } of packages) {
  mkdirSync(join(app, dir), { recursive: true });
  cpSync(join(root, dir, 'package.json'), join(app, dir, 'package.json'));
  cpSync(join(root, dir, 'dist'), join(app, dir, 'dist'), { recursive: true });
  if (existsSync(join(root, dir, 'prisma'))) cpSync(join(root, dir, 'prisma'), join(app, dir, 'prisma'), { recursive: true });
}
cpSync(join(root, 'package.json'), join(app, 'package.json'));
// node_modules: this checkout's, except our own packages, which point at the replayed copies.
mkdirSync(join(app, 'node_modules', '@omnicart'), { recursive: true });
for (const entry of readdirSync(join(root, 'node_modules'))) {
  if (entry !== '@omnicart' && entry !== '.bin') symlinkSync(join(root, 'node_modules', entry), join(app, 'node_modules', entry));
}
for (const { name, dir } of packages) symlinkSync(relative(join(app, 'node_modules', '@omnicart'), join(app, dir)), join(app, 'node_modules', name));
const { DEVELOPMENT_ONLY, pruneProductionBuild } = await import(pathToFileURL(join(root, 'packages/api/scripts/prune-production-build.mjs')).href);
const apiDist = join(app, 'packages/api/dist');
pruneProductionBuild(apiDist);
for (const entry of DEVELOPMENT_ONLY) {
  const path = join(apiDist, entry.endsWith('/') ? entry : `${entry}.js`);
  if (existsSync(path)) problem(`pruned build still holds ${relative(app, path)}`);
}

// --- 3. what the pruned build imports -------------------------------------------------------------
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const STATIC_IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
function* jsFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (entry.endsWith('.js')) yield path;
  }
}
for (const { dir } of packages) {
  const manifest = readJson(join(app, dir, 'package.json'));
  // A peer dependency is installed by the package that depends on this one (e.g. react, a peer of
  // @omnicart/ui, comes with @omnicart/emails), and `npm prune --omit=dev` keeps it.
  const allowed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  for (const file of jsFiles(join(app, dir, 'dist'))) {
    const source = readFileSync(file, 'utf8');
    const where = relative(app, file);
    for (const match of source.matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) {
        if (!existsSync(resolve(dirname(file), specifier))) problem(`${where} imports ${specifier}, which the production build does not hold`);
      } else if (!builtins.has(specifier) && !allowed.has(packageName(specifier))) {
        problem(`${where} imports ${specifier}: not in ${manifest.name}'s dependencies (devDependencies are not in the image)`);
      }
    }
    for (const match of source.matchAll(DYNAMIC_IMPORT)) {
      const specifier = match[1];
      // A relative dynamic import may name a development tool on purpose (service.js explains its absence).
      if (!specifier.startsWith('.') && !builtins.has(specifier) && !allowed.has(packageName(specifier))) {
        problem(`${where} imports ${specifier} at run time: not in ${manifest.name}'s dependencies`);
      }
    }
  }
}

// --- 4. every service starts from it ------------------------------------------------------------
const serviceScript = join(apiDist, 'cli', 'service.js');
/** The registry's domains, read from the pruned build itself (an import that fails is a problem). */
let DOMAIN_NAMES = [];

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const children = [];
/** Starts a service as its image does: no service argument, SERVICES naming it (the Dockerfile's ENV SERVICES=${SERVICE}). */
function startService(name, env, args = []) {
  const child = spawn(process.execPath, [serviceScript, ...args], { cwd: app, env: { ...env, SERVICES: name }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const entry = { name, child, exited, output: () => output };
  children.push(entry);
  return entry;
}

async function waitReady(service, url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited (${service.child.exitCode}):\n${service.output().slice(-3000)}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`${service.name} not ready after ${timeoutMs / 1000}s:\n${service.output().slice(-3000)}`);
}

let database;
const started = Date.now();
try {
  if (problems.length === 0) {
    ({ DOMAIN_NAMES } = await import(pathToFileURL(join(apiDist, 'platform', 'index.js')).href));
    const { createTestDatabase } = await import(pathToFileURL(join(app, 'packages/db/dist/testing.js')).href);
    database = await createTestDatabase('omnicart_prodbuild');
    const ports = Object.fromEntries(await Promise.all([...DOMAIN_NAMES, 'gateway'].map(async (name) => [name, await freePort()])));
    const local = (port) => `http://127.0.0.1:${port}`;
    const { privateKey } = generateKeyPairSync('ed25519');
    const inherited = { ...process.env };
    delete inherited.RABBITMQ_URL;
    const env = {
      PATH: process.env.PATH,
      ...Object.fromEntries(Object.entries(inherited).filter(([name]) => name === 'HOME' || name === 'TMPDIR')),
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '3',
      SHUTDOWN_TIMEOUT_MS: '3000',
      SERVICE_TOKEN: randomBytes(24).toString('hex'),
      JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      STRIPE_SECRET_KEY: 'sk_test_production_build_check',
      STRIPE_WEBHOOK_SECRET: 'whsec_production_build_check',
      GATEWAY_PORT: String(ports.gateway),
      ...Object.fromEntries(DOMAIN_NAMES.flatMap((name) => [[`${name.toUpperCase()}_PORT`, String(ports[name])], [`${name.toUpperCase()}_URL`, local(ports[name])]])),
    };
    const services = [...DOMAIN_NAMES.map((name) => startService(name, env, name === 'catalog' ? ['--seed'] : [])), startService('gateway', env)];
    await Promise.all(services.map((service) => waitReady(service, local(ports[service.name]))));
    const list = await fetch(`${local(ports.gateway)}/api/v1/products?limit=1`);
    const body = await list.json().catch(() => null);
    if (list.status !== 200 || !Array.isArray(body?.items) || body.items.length !== 1) {
      problem(`the gateway of the production build answered GET /api/v1/products with ${list.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    const simulator = startService('stripe-simulator', env);
    const code = await Promise.race([simulator.exited, sleep(20_000, 'still running', { ref: false })]);
    if (code === 0 || code === 'still running' || !/development tool/.test(simulator.output())) {
      problem(`service.js with SERVICES=stripe-simulator in the production build: expected a refusal naming it a development tool, got ${code}:\n${simulator.output().slice(-1000)}`);
    }
  }
} catch (error) {
  problem(error instanceof Error ? error.message : String(error));
} finally {
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map(({ exited }) => Promise.race([exited, sleep(10_000, undefined, { ref: false })])));
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`check-production-build: ${problems.length} problem(s):\n${problems.map((line) => `- ${line}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `production build ok: the image holds ${packages.map(({ name }) => name).join(', ')} without ${DEVELOPMENT_ONLY.join(', ')}; ` +
    `every import is a built-in or a production dependency; ${DOMAIN_NAMES.length} domains and the gateway started as their images start them (SERVICES=<name>) with NODE_ENV=production in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
