#!/usr/bin/env node
// `npm run bench`: the platform in its split topology (identity, catalog, inventory, cart, orders,
// payments, the Stripe simulator and the gateway each in its own process) on a throwaway,
// migrated and seeded database. Catalog reads are measured with autocannon on loopback beside two
// ceilings (bare node:http; node:http + pg); checkout with concurrent buyers placing whole orders
// (bench/checkout.ts), with the count of oversold units. Figures, not a timed test.
//
// Settings (environment): BENCH_DURATION seconds per scenario (8), BENCH_WARMUP seconds (2),
// BENCH_CONNECTIONS (20), BENCH_LOG_LEVEL for the services (warn), BENCH_SETTLE_MS (1000),
// BENCH_CHECKOUT_ORDERS (1000), BENCH_CHECKOUT_BUYERS (10), BENCH_CHECKOUT_WARMUP orders (50),
// BENCH_MIX_LISTINGS (1500) and BENCH_MIX_SEARCHES (700) first-page URLs of the realistic mix,
// BENCH_ONLY=catalog|catalog-mix|checkout|campaign|analytics (all but catalog-mix; catalog includes the mix,
// catalog-mix is the ceilings and the mix alone; campaign: BENCH_CAMPAIGN_RECIPIENTS (10000) opted-in
// customers while a buyer orders; BENCH_EMAIL_SEND_RATE (200) is notifications' e-mail rate; analytics:
// bench/analytics.ts, also `npm run bench:analytics` — ingest, reports over a generated year, shelves,
// on a platform and database of its own, after the others; it needs DATABASE_URL), DATABASE_URL (absent → embedded PostgreSQL),
// RABBITMQ_URL (absent → the PostgreSQL event bus), BENCH_CPU_PROF=<service>[,<service>] (run those
// services under `node --cpu-prof`; profiles in .omnicart/bench/profiles/, open them in Chrome
// DevTools or speedscope), BENCH_REPLICAS=1,2 (the checkout with one process per service, then on
// a fresh platform with two of every domain service and the gateway behind round-robin balancers,
// side by side; default 1), BENCH_TRACING=off,10,100 (the cost of OpenTelemetry tracing: a few catalog
// reads and one checkout — whichever of the two BENCH_ONLY asks for — on a fresh platform per mode:
// tracing off, on at 10 % (parentbased_traceidratio), on at 100 % (parentbased_always_on), every service
// exporting to a local OTLP/HTTP receiver that counts and discards; one table, Δ throughput vs off
// beside the ceiling of ≤ 5 % loss at 10 %; bench/tracing.ts). Writes .omnicart/bench/latest.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type pg from 'pg';
import { createPool, dropDatabase, ensureDatabase, migrateAll, startEmbeddedPostgres, withDatabase, type EmbeddedPostgres } from '@omnicart/db';
import { startDevInbox, type DevInbox } from '../dev-inbox/index.js';
import { DOMAIN_NAMES, SERVICE_NAMES, schemasOf, seedDemoData, type ServiceName } from '../platform/index.js';
import { startBalancer, type Balancer } from '../runtime/balancer.js';
import { buildCatalogMix, seededShuffle, MIX_PATH, type CatalogVocabulary } from './catalog-mix.js';
import { runCampaignBench, type CampaignBenchResult } from './campaign.js';
import { runCheckoutBench, type CheckoutBenchOptions } from './checkout.js';
import { evaluate, formatTable, positiveSetting, type Measurement, type ScenarioKind } from './report.js';
import { startOtlpReceiver, type OtlpReceiver } from '../testing/otlp-receiver.js';
import { bestOfRounds, compareToOff, formatTracingTable, MAX_LOSS_AT_10, tracingEnv, tracingModes, tracingRounds, type TracingMeasurement, type TracingMode } from './tracing.js';

const API_DIST = fileURLToPath(new URL('../', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const OUT_DIR = join(REPO_ROOT, '.omnicart', 'bench');
/** Unique per run: two benches on one server (e.g. two checkouts of the repo) must not drop each other's database. */
const BENCH_DATABASE = `omnicart_bench_${Date.now().toString(36)}_${process.pid}`;
const DOMAINS = DOMAIN_NAMES;
const SERVICES = SERVICE_NAMES;
const PARTS = ['catalog', 'catalog-mix', 'checkout', 'campaign', 'analytics'] as const;
/** Parts run when BENCH_ONLY is not set (catalog includes the mix). */
const DEFAULT_PARTS = ['catalog', 'checkout', 'campaign', 'analytics'] as const;
/** The parts measured on this file's platform (analytics brings its own: bench/analytics.ts). */
const CORE_PARTS: ReadonlyArray<(typeof PARTS)[number]> = ['catalog', 'catalog-mix', 'checkout', 'campaign'];

const settings = {
  duration: positiveSetting('BENCH_DURATION', 8),
  warmup: positiveSetting('BENCH_WARMUP', 2),
  connections: positiveSetting('BENCH_CONNECTIONS', 20),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
  /** Pause after each autocannon run (see settle()). */
  settleMs: positiveSetting('BENCH_SETTLE_MS', 1_000),
  checkoutOrders: positiveSetting('BENCH_CHECKOUT_ORDERS', 1000),
  checkoutBuyers: positiveSetting('BENCH_CHECKOUT_BUYERS', 10),
  checkoutWarmup: positiveSetting('BENCH_CHECKOUT_WARMUP', 50),
  /** Notifications' e-mail rate per second during the bench (EMAIL_SEND_RATE; the default 50 is a relay's usual limit). */
  emailRate: positiveSetting('BENCH_EMAIL_SEND_RATE', 200),
  campaignRecipients: positiveSetting('BENCH_CAMPAIGN_RECIPIENTS', 10_000),
  mixListings: positiveSetting('BENCH_MIX_LISTINGS', 1_500),
  mixSearches: positiveSetting('BENCH_MIX_SEARCHES', 700),
  /** Which parts to run: catalog reads, checkout, or both. */
  only: parts(process.env.BENCH_ONLY),
  cpuProfiled: new Set((process.env.BENCH_CPU_PROF ?? '').split(',').map((name) => name.trim()).filter(Boolean)),
  /**
   * BENCH_REPLICAS=1,2: the checkout measured with one process per service, then again with two
   * (every domain service and the gateway twice behind round-robin balancers), side by side.
   */
  replicas: replicaCounts(process.env.BENCH_REPLICAS),
  /** BENCH_TRACING=off,10,100: the tracing-cost comparison instead of the usual tables (bench/tracing.ts). */
  tracing: process.env.BENCH_TRACING ? tracingModes(process.env.BENCH_TRACING) : null,
  /** BENCH_TRACING_ROUNDS=3: every tracing mode three times, interleaved; the best round of each is reported. */
  tracingRounds: tracingRounds(process.env.BENCH_TRACING_ROUNDS),
  demoEmail: 'demo@omnicart.test',
  adminEmail: 'admin@omnicart.test',
  demoPassword: process.env.OMNICART_DEMO_PASSWORD ?? 'omnicart-demo',
  adminPassword: process.env.OMNICART_ADMIN_PASSWORD ?? 'omnicart-admin',
};

function parts(raw: string | undefined): Set<(typeof PARTS)[number]> {
  const wanted = (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = wanted.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown part(s) ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
  return new Set((wanted.length ? wanted : DEFAULT_PARTS) as Array<(typeof PARTS)[number]>);
}

function replicaCounts(raw: string | undefined): number[] {
  const counts = (raw ?? '1').split(',').map((part) => part.trim()).filter(Boolean).map(Number);
  if (counts.length === 0 || counts.some((count) => count !== 1 && count !== 2)) throw new Error(`BENCH_REPLICAS: a list of 1 and 2 (got ${raw})`);
  return counts;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ------------------------------------------------------------------------------------------
// Child processes: each in its own process group, all killed at the end, even on failure.

interface Child {
  name: string;
  process: ChildProcess;
  logFile: string;
}

const children: Child[] = [];

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  mkdirSync(OUT_DIR, { recursive: true });
  const logFile = join(OUT_DIR, `${name}.log`);
  const output = createWriteStream(logFile);
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  const entry = { name, process: child, logFile };
  children.push(entry);
  return entry;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: the child and anything it started
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function stopChildren(): Promise<void> {
  const running = children.splice(0);
  for (const { process: child } of running) {
    child.stdin?.end();
    signalGroup(child, 'SIGTERM');
  }
  await Promise.all(
    running.map(async ({ process: child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

async function waitUntil(child: Child, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited (${child.process.exitCode ?? child.process.signalCode}) before it was ready:\n${tail(child.logFile)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} was not ready at ${url} after ${timeoutMs} ms:\n${tail(child.logFile)}`);
}

// ------------------------------------------------------------------------------------------
// Database: a throwaway omnicart_bench on DATABASE_URL's server, or on the embedded PostgreSQL.

interface BenchDatabase {
  url: string;
  server: string;
  close(): Promise<void>;
}

async function prepareDatabase(): Promise<BenchDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    log('DATABASE_URL not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ stopOnSignals: false });
    serverUrl = embedded.url;
  }
  const url = withDatabase(serverUrl, BENCH_DATABASE);
  await dropDatabase(url).catch(() => undefined);
  await ensureDatabase(url);
  return {
    url,
    server: embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server',
    async close() {
      await dropDatabase(url).catch((error: unknown) => log(`could not drop ${BENCH_DATABASE}: ${String(error)}`));
      await embedded?.stop();
    },
  };
}

async function migrateAndSeed(pool: pg.Pool): Promise<void> {
  await migrateAll(pool, schemasOf(DOMAINS, true));
  const { catalog: catalogSeeded } = await seedDemoData(pool, DOMAINS, { adminPassword: settings.adminPassword, demoPassword: settings.demoPassword });
  // Planner statistics, as any database that has been up for a while has them (autovacuum may be
  // off, or not have run yet, on a freshly seeded one): without them the plans are guesses.
  await pool.query('ANALYZE');
  const { rows } = await pool.query<{ products: string }>("SELECT count(*) AS products FROM catalog.products WHERE status = 'active'");
  log(`database ready: ${rows[0]?.products ?? '?'} active products${catalogSeeded ? ' (seeded now)' : ''}, demo accounts`);
}

// ------------------------------------------------------------------------------------------
// The platform in split topology.

const SERVICE_SCRIPT = join(API_DIST, 'cli', 'service.js');

/** The real SMTP server notifications sends to during the bench (the dev inbox, on free ports). */
let inbox: DevInbox | undefined;

/** With replicas: the balancer in front of each replicated service. */
const balancers: Balancer[] = [];

async function closeBalancers(): Promise<void> {
  await Promise.all(balancers.splice(0).map((balancer) => balancer.close()));
}

/**
 * `otel`: the OTEL_* environment of every service (the tracing comparison); any OTEL_* variable of
 * the bench's own environment is then left out, so a mode is exactly what it says.
 */
async function startPlatform(databaseUrl: string, replicas = 1, otel?: Record<string, string>): Promise<{ gateway: string; urls: Record<ServiceName, string> }> {
  inbox ??= await startDevInbox({ host: '127.0.0.1', maxMessages: 100_000 });
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const))) as Record<ServiceName, number>;
  // Replicas listen on ports of their own, behind a balancer on the service's known port (the simulator stays single).
  const replicated = (name: ServiceName) => replicas > 1 && name !== 'stripe-simulator';
  const replicaPorts = {} as Record<ServiceName, number[]>;
  for (const name of SERVICES) {
    replicaPorts[name] = replicated(name) ? await Promise.all(Array.from({ length: replicas }, () => freePort())) : [ports[name]];
    if (replicated(name)) {
      balancers.push(await startBalancer({ host: '127.0.0.1', port: ports[name], backends: replicaPorts[name].map((port) => ({ host: '127.0.0.1', port })) }));
    }
  }
  const local = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const { JWKS_URL: _jwks, SERVICES: _services, STRIPE_API_URL: _stripe, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...(otel ? Object.fromEntries(Object.entries(inherited).filter(([name]) => !name.startsWith('OTEL_'))) : inherited),
    ...otel,
    NODE_ENV: 'development',
    LOG_LEVEL: settings.logLevel,
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    ...Object.fromEntries(DOMAINS.flatMap((name) => [[`${name.toUpperCase()}_PORT`, String(ports[name])], [`${name.toUpperCase()}_URL`, local(name)]])),
    // The payments SDK talks to the simulator, which signs webhooks straight to payments.
    STRIPE_SECRET_KEY: 'sk_test_omnicart_simulator',
    STRIPE_API_URL: local('stripe-simulator'),
    STRIPE_SIMULATOR_PORT: String(ports['stripe-simulator']),
    STRIPE_SIMULATOR_WEBHOOK_URL: `${local('payments')}/webhooks/stripe`,
    OMNICART_DEMO_PASSWORD: settings.demoPassword,
    OMNICART_ADMIN_PASSWORD: settings.adminPassword,
    // Each buyer places ~100 orders in seconds: the per-customer checkout rate limit (a defence
    // against scalpers, 5/min by default) would refuse them; the bench measures throughput.
    ORDERS_CHECKOUT_RATE_LIMIT: '0',
    SMTP_URL: inbox.smtpUrl,
    SMS_API_URL: inbox.url,
    EMAIL_SEND_RATE: String(settings.emailRate),
    // Replicas share the database's connection budget: two pools of 5 per service instead of one of 10.
    ...(replicas > 1 && !process.env.DB_POOL_MAX ? { DB_POOL_MAX: String(Math.ceil(10 / replicas)) } : {}),
  };
  const portVariable = (name: ServiceName) => (name === 'stripe-simulator' ? 'STRIPE_SIMULATOR_PORT' : `${name.toUpperCase()}_PORT`);
  const startReplica = async (name: ServiceName, replica: number) => {
    const port = replicaPorts[name][replica]!;
    const label = replica === 0 ? name : `${name}-${replica + 1}`;
    const profile = settings.cpuProfiled.has(name) ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT_DIR, 'profiles')}`, `--cpu-prof-name=${label}-${process.pid}.cpuprofile`] : [];
    const child = startChild(label, [...profile, SERVICE_SCRIPT, name], { ...env, [portVariable(name)]: String(port) });
    // The simulator has no database to be ready for: /healthz is its readiness.
    await waitUntil(child, `http://127.0.0.1:${port}${name === 'stripe-simulator' ? '/healthz' : '/readyz'}`);
    log(`${label} ready on 127.0.0.1:${port} (pid ${child.process.pid})`);
  };
  const start = async (name: ServiceName) => {
    await Promise.all(replicaPorts[name].map((_port, replica) => startReplica(name, replica)));
  };
  // identity first (the others fetch its JWKS), then the rest together, the gateway last.
  await start('identity');
  await Promise.all(SERVICES.filter((name) => name !== 'identity' && name !== 'gateway').map(start));
  await start('gateway');
  return { gateway: local('gateway'), urls: Object.fromEntries(SERVICES.map((name) => [name, local(name)])) as Record<ServiceName, string> };
}

/**
 * Two replicas of every domain service double the processes holding a pool on one PostgreSQL
 * server; the default max_connections (100) is below what they may open under the checkout's
 * load (seen: "sorry, too many clients already" mid-run). Refuse up front, saying what to change.
 */
async function checkConnectionBudget(pool: pg.Pool, replicas: number): Promise<void> {
  const { rows } = await pool.query<{ max_connections: string }>('SHOW max_connections');
  const available = Number(rows[0]?.max_connections ?? 0);
  const perProcess = Number(process.env.DB_POOL_MAX ?? Math.ceil(10 / replicas));
  // Every domain service and the gateway per replica (the simulator has no database), the bench's own pool, and headroom for psql and autovacuum.
  const needed = (SERVICES.length - 1) * replicas * perProcess + 10 + 10;
  if (available < needed) {
    throw new Error(
      `BENCH_REPLICAS=${replicas}: PostgreSQL allows ${available} connections, ${replicas} replicas with DB_POOL_MAX ${perProcess} may open ${needed}. ` +
        `Raise it (psql -c "ALTER SYSTEM SET max_connections = ${Math.max(200, Math.ceil(needed / 50) * 50)}", then restart PostgreSQL) or set a smaller DB_POOL_MAX.`,
    );
  }
}

async function startCeiling(mode: 'bare' | 'pg', databaseUrl: string): Promise<string> {
  const port = await freePort();
  const child = startChild(`ceiling-${mode}`, [join(API_DIST, 'bench', 'ceiling.js'), mode, String(port), databaseUrl], process.env);
  await waitUntil(child, `http://127.0.0.1:${port}/`);
  return `http://127.0.0.1:${port}`;
}

// ------------------------------------------------------------------------------------------
// Scenarios.

interface Scenario {
  name: string;
  kind: ScenarioKind;
  base: string;
  method: 'GET' | 'POST';
  /** Paths cycled through, one per request. */
  paths: string[];
  body?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

const SORTS = ['newest', 'price_asc', 'price_desc', 'name'];
const KEYWORDS = [
  'headphones',
  'bluetooth headphnes', // typo on purpose: the pg_trgm path
  'wireless speaker',
  'running shoes',
  'rain jacket',
  'coffee grinder',
  'desk lamp',
  'yoga mat',
  'leather notebook',
  'mechanical keybord', // typo
];

async function okStatus(url: string, init?: RequestInit): Promise<{ ok: boolean; status: number; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { ok: response.ok, status: response.status, body };
}

/**
 * Every path is requested once first: a scenario must measure answers, not errors. Four at a
 * time (the realistic mix has thousands of paths); the order of the paths is kept.
 */
async function preflight(scenario: Scenario): Promise<Scenario> {
  const results: Array<{ ok: boolean; status: number; body: unknown }> = new Array(scenario.paths.length);
  let next = 0;
  const worker = async () => {
    while (next < scenario.paths.length) {
      const index = next++;
      results[index] = await okStatus(`${scenario.base}${scenario.paths[index]}`, {
        method: scenario.method,
        headers: { ...scenario.headers, ...(scenario.body ? { 'content-type': 'application/json' } : {}) },
        ...(scenario.body ? { body: scenario.body } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const good: string[] = [];
  const bad: string[] = [];
  scenario.paths.forEach((path, index) => {
    const result = results[index]!;
    if (result.ok) good.push(path);
    else bad.push(`${path} → ${result.status} ${JSON.stringify(result.body).slice(0, 200)}`);
  });
  if (bad.length) log(`${scenario.name}: ${bad.length} request(s) dropped after preflight:\n  ${bad.slice(0, 5).join('\n  ')}`);
  return { ...scenario, paths: good };
}

async function buildScenarios(gateway: string, bare: string, pgCeiling: string, pool: pg.Pool): Promise<Scenario[]> {
  const categories = await pool.query<{ slug: string; top: boolean }>(
    'SELECT slug, parent_id IS NULL AS top FROM catalog.categories ORDER BY parent_id IS NULL DESC, position, slug',
  );
  const tops = categories.rows.filter((c) => c.top).map((c) => c.slug).slice(0, 3);
  const leaves = categories.rows.filter((c) => !c.top).map((c) => c.slug).slice(0, 4);
  const listPaths: string[] = [];
  for (const sort of SORTS) {
    listPaths.push(`/api/v1/products?sort=${sort}&limit=20`);
    for (const category of [...tops, ...leaves]) listPaths.push(`/api/v1/products?category=${category}&sort=${sort}&limit=20`);
  }
  // Second pages: follow nextCursor of a few first pages.
  for (const first of listPaths.slice(0, 8)) {
    const page = await okStatus(`${gateway}${first}`);
    const cursor = (page.body as { nextCursor?: string | null } | undefined)?.nextCursor;
    if (page.ok && cursor) listPaths.push(`${first}&cursor=${encodeURIComponent(cursor)}`);
  }
  const slugs = await pool.query<{ slug: string }>(
    "SELECT slug FROM catalog.products WHERE status = 'active' ORDER BY md5(slug) LIMIT 500",
  );
  const login = JSON.stringify({ email: settings.demoEmail, password: settings.demoPassword });
  return [
    { name: 'ceiling: node:http, fixed 1 KB JSON', kind: 'ceiling-bare', base: bare, method: 'GET', paths: ['/'] },
    { name: 'ceiling: node:http + pg, LIMIT 20', kind: 'ceiling-pg', base: pgCeiling, method: 'GET', paths: ['/'] },
    ...cachedAndOrigin({ name: 'GET /api/v1/products (list)', kind: 'list', base: gateway, method: 'GET', paths: listPaths }),
    ...cachedAndOrigin({
      name: 'GET /api/v1/products?q= (search)',
      kind: 'search',
      base: gateway,
      method: 'GET',
      paths: KEYWORDS.map((q) => `/api/v1/products?q=${encodeURIComponent(q)}&limit=20`),
    }),
    ...cachedAndOrigin({
      name: 'GET /api/v1/products/{slug} (detail)',
      kind: 'detail',
      base: gateway,
      method: 'GET',
      paths: slugs.rows.map((row) => `/api/v1/products/${encodeURIComponent(row.slug)}`),
    }),
    { name: 'POST /api/v1/users/login', kind: 'login', base: gateway, method: 'POST', paths: ['/api/v1/users/login'], body: login },
  ];
}

/** The catalog's own categories (with their products' facet values) and search phrases from its product names. */
async function catalogVocabulary(pool: pg.Pool): Promise<CatalogVocabulary> {
  const categories = await pool.query<{ slug: string; brand: string[]; colour: string[]; size: string[]; material: string[] }>(
    `SELECT c.slug,
            array_agg(DISTINCT p.brand ORDER BY p.brand) FILTER (WHERE p.brand IS NOT NULL) AS brand,
            array_agg(DISTINCT p.attributes->>'colour' ORDER BY p.attributes->>'colour') FILTER (WHERE p.attributes ? 'colour') AS colour,
            array_agg(DISTINCT p.attributes->>'size' ORDER BY p.attributes->>'size') FILTER (WHERE p.attributes ? 'size') AS size,
            array_agg(DISTINCT p.attributes->>'material' ORDER BY p.attributes->>'material') FILTER (WHERE p.attributes ? 'material') AS material
       FROM catalog.products p
       JOIN catalog.categories leaf ON leaf.id = p.category_id
       JOIN catalog.categories c ON c.id = leaf.id OR c.id = leaf.parent_id
      WHERE p.status = 'active'
      GROUP BY c.slug
      ORDER BY c.slug`,
  );
  const products = await pool.query<{ name: string; brand: string | null; colour: string | null; material: string | null }>(
    `SELECT name, brand, attributes->>'colour' AS colour, attributes->>'material' AS material
       FROM catalog.products WHERE status = 'active' ORDER BY sku`,
  );
  const terms = new Set<string>();
  for (const { name, brand, colour, material } of products.rows) {
    const rest = brand && name.startsWith(`${brand} `) ? name.slice(brand.length + 1) : name;
    const noun = name.split(' ').at(-1) ?? name;
    terms.add(rest);
    terms.add(noun);
    if (brand) terms.add(brand).add(`${brand} ${noun}`);
    if (colour) terms.add(`${colour} ${noun}`);
    if (material) terms.add(`${material} ${noun}`);
  }
  return {
    categories: categories.rows.map((row) => ({ slug: row.slug, brand: row.brand ?? [], colour: row.colour ?? [], size: row.size ?? [], material: row.material ?? [] })),
    terms: [...terms].sort(),
  };
}

/**
 * The realistic mix (bench/catalog-mix.ts): seeded first pages, plus second and third pages of a
 * seeded tenth of them (following nextCursor, as shoppers paging a grid do), interleaved.
 * Measured straight at the catalog service and through the gateway with its cache bypassed.
 */
async function buildMixScenarios(gateway: string, catalog: string, pool: pg.Pool): Promise<Scenario[]> {
  const mix = buildCatalogMix(await catalogVocabulary(pool), { listings: settings.mixListings, searches: settings.mixSearches });
  const withPages = async (firsts: string[]): Promise<string[]> => {
    const paths = [...firsts];
    for (const [index, first] of firsts.entries()) {
      if (index % 10 !== 3) continue;
      let url = first;
      for (let page = 2; page <= 3; page++) {
        const answer = await okStatus(`${catalog}${url}`);
        const cursor = (answer.body as { nextCursor?: string | null } | undefined)?.nextCursor;
        if (!answer.ok || !cursor) break;
        url = `${first}&cursor=${encodeURIComponent(cursor)}`;
        paths.push(url);
      }
    }
    return seededShuffle(paths, 7);
  };
  const listings = await withPages(mix.listings);
  const searches = await withPages(mix.searches);
  log(`realistic mix: ${listings.length} listing and ${searches.length} search URLs (${new Set([...listings, ...searches]).size} distinct) on ${MIX_PATH}`);
  const noCache = { 'cache-control': 'no-cache' };
  return [
    { name: `realistic mix: ${listings.length} listing URLs, catalog service`, kind: 'list-mix', base: catalog, method: 'GET', paths: listings },
    { name: `realistic mix: ${searches.length} search URLs, catalog service`, kind: 'search-mix', base: catalog, method: 'GET', paths: searches },
    { name: 'realistic mix: listing URLs, gateway (no-cache)', kind: 'list-mix', base: gateway, method: 'GET', paths: listings, headers: noCache },
    { name: 'realistic mix: search URLs, gateway (no-cache)', kind: 'search-mix', base: gateway, method: 'GET', paths: searches, headers: noCache },
  ];
}

/**
 * A public read twice: as anonymous shoppers get it (the gateway's micro-cache answers repeats)
 * and with `Cache-Control: no-cache`, which bypasses that cache so the service answers every
 * request (its own 2 s read cache still applies).
 */
function cachedAndOrigin(scenario: Scenario & { kind: 'list' | 'search' | 'detail' }): Scenario[] {
  return [
    scenario,
    {
      ...scenario,
      name: `${scenario.name}, origin (Cache-Control: no-cache)`,
      kind: `${scenario.kind}-origin`,
      headers: { ...scenario.headers, 'cache-control': 'no-cache' },
    },
  ];
}

async function cannon(scenario: Scenario, seconds: number): Promise<autocannon.Result> {
  let next = 0;
  const headers = { ...scenario.headers, ...(scenario.body ? { 'content-type': 'application/json' } : {}) };
  return autocannon({
    url: scenario.base,
    connections: settings.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: scenario.method,
        headers,
        ...(scenario.body ? { body: scenario.body } : {}),
        setupRequest: (request) => ({ ...request, path: scenario.paths[next++ % scenario.paths.length] as string }),
      },
    ],
  });
}

/** autocannon ends a run by destroying its sockets; let the servers see them close before measuring on. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, settings.settleMs));
}

// ------------------------------------------------------------------------------------------
// CPU spent per request: on a shared machine req/s and latency swing with everyone else's load,
// the CPU time the catalog, the gateway and PostgreSQL spend on each request much less.

/** utime + stime of a process in ms (Linux /proc; clock ticks of 10 ms), or null when unreadable. */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Waits until the platform's processes are idle — under 20 % of one core between them over 2 s (an
 * idle platform's pollers and timers use about 10 %), at most 120 s. A checkout leaves work behind (e-mails at EMAIL_SEND_RATE, read models, analytics,
 * recommendations), and a fresh platform on the same database picks up what the last one left:
 * measured while that runs, whichever mode or replica count comes next would pay for it.
 */
async function platformSettled(): Promise<void> {
  const started = Date.now();
  const used = () => children.reduce((sum, child) => sum + (cpuMs(child.process.pid) ?? 0), 0);
  while (Date.now() - started < 120_000) {
    const before = used();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    if ((used() - before) / 2_000 < 0.2) {
      if (Date.now() - started > 2_500) log(`platform idle after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
  }
  log('platform still busy after 120 s: measuring anyway');
}

interface CpuSample {
  catalog: number | null;
  gateway: number | null;
  /** Backends of the bench database, by pid (the services' pooled connections). */
  postgres: Map<number, number>;
}

async function sampleCpu(pool: pg.Pool): Promise<CpuSample> {
  const pid = (name: string) => children.find((child) => child.name === name)?.process.pid;
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  const postgres = new Map<number, number>();
  for (const row of rows) {
    const used = cpuMs(row.pid);
    if (used !== null) postgres.set(row.pid, used);
  }
  return { catalog: cpuMs(pid('catalog')), gateway: cpuMs(pid('gateway')), postgres };
}

function cpuPerRequest(before: CpuSample, after: CpuSample, requests: number): Measurement['cpuMsPerRequest'] {
  if (requests === 0) return undefined;
  const per = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / requests);
  let postgres = 0;
  let seen = false;
  for (const [pid, used] of after.postgres) {
    const start = before.postgres.get(pid) ?? 0; // a backend opened during the run counts whole
    postgres += used - start;
    seen = true;
  }
  return { catalog: per(before.catalog, after.catalog), gateway: per(before.gateway, after.gateway), postgres: seen ? postgres / requests : null };
}

let cpuPool: pg.Pool | undefined;

async function measure(scenario: Scenario): Promise<Measurement> {
  if (scenario.paths.length === 0) {
    log(`${scenario.name}: every request failed its preflight; reported as failed`);
    return { name: scenario.name, kind: scenario.kind, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, requests: 0, non2xx: 1, errors: 0, timeouts: 0 };
  }
  log(`${scenario.name}: ${settings.warmup} s warm-up, ${settings.duration} s measured, ${settings.connections} connections, ${scenario.paths.length} distinct request(s)`);
  await cannon(scenario, settings.warmup);
  await settle();
  const cpuBefore = cpuPool ? await sampleCpu(cpuPool) : null;
  const result = await cannon(scenario, settings.duration);
  const cpuAfter = cpuPool ? await sampleCpu(cpuPool) : null;
  await settle();
  const cpu = cpuBefore && cpuAfter ? cpuPerRequest(cpuBefore, cpuAfter, result.requests.total) : undefined;
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([status, stat]) => `${status}×${(stat as { count: number }).count}`)
    .join(' ');
  log(
    `  → ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; statuses ${statuses || 'none'}; errors ${result.errors}, timeouts ${result.timeouts}` +
      (cpu ? `; CPU ms/request: catalog ${cpu.catalog?.toFixed(2) ?? '?'}, gateway ${cpu.gateway?.toFixed(2) ?? '?'}, postgres ${cpu.postgres?.toFixed(2) ?? '?'}` : ''),
  );
  return {
    name: scenario.name,
    kind: scenario.kind,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...(cpu ? { cpuMsPerRequest: cpu } : {}),
  };
}

/** The products the checkout buys (the first is its scarce SKU) and an admin's token to stock them. */
async function checkoutSetup(gateway: string, pool: pg.Pool): Promise<{ products: Array<{ id: string; sku: string }>; adminToken: string }> {
  const products = await pool.query<{ id: string; sku: string }>(
    "SELECT id::text AS id, sku FROM catalog.products WHERE status = 'active' ORDER BY md5(sku) LIMIT 21",
  );
  const adminLogin = await okStatus(`${gateway}/api/v1/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: settings.adminEmail, password: settings.adminPassword }),
  });
  const adminToken = (adminLogin.body as { accessToken?: string }).accessToken;
  if (!adminToken) throw new Error(`admin login failed: ${adminLogin.status}`);
  return { products: products.rows, adminToken };
}

// ------------------------------------------------------------------------------------------
// The tracing comparison (BENCH_TRACING).

/** Catalog reads measured per tracing mode: one the gateway's cache answers, two that reach the catalog service and PostgreSQL. */
const TRACED_READS: ReadonlySet<ScenarioKind> = new Set(['list', 'list-origin', 'detail-origin']);

/**
 * Until the receiver has had no span for a whole export interval (the batch span processor's 5 s,
 * OTEL_BSP_SCHEDULE_DELAY) plus a margin, at most 30 s: the spans of a scenario are counted as its own.
 */
async function exportsDrained(receiver: OtlpReceiver): Promise<void> {
  const quietMs = Number(process.env.OTEL_BSP_SCHEDULE_DELAY ?? 5_000) + 1_000;
  const deadline = Date.now() + 30_000;
  let seen = receiver.spanCount;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (receiver.spanCount !== seen) {
      seen = receiver.spanCount;
      quietSince = Date.now();
    }
  }
}

/** The chosen reads and one checkout on a fresh platform per mode, each mode's spans into a receiver of its own. */
async function tracingComparison(modes: TracingMode[], databaseUrl: string, pool: pg.Pool): Promise<TracingMeasurement[]> {
  const results: TracingMeasurement[] = [];
  for (const mode of modes) {
    const receiver = await startOtlpReceiver({ discard: true });
    try {
      const { gateway, urls } = await startPlatform(databaseUrl, 1, tracingEnv(mode, receiver.url));
      log(`tracing ${mode.label}: platform started${mode.id === 'off' ? '' : `, exporting to ${receiver.url}`}`);
      const counted = async (run: () => Promise<Measurement>, unit: string): Promise<void> => {
        await platformSettled();
        const before = receiver.spanCount;
        const m = await run();
        if (mode.id !== 'off') await exportsDrained(receiver);
        results.push({
          scenario: m.name,
          unit,
          mode,
          perSecond: m.requestsPerSecond,
          p50Ms: m.p50Ms,
          p99Ms: m.p99Ms,
          requests: m.requests,
          failed: m.non2xx + m.errors + m.timeouts,
          spans: mode.id === 'off' ? null : receiver.spanCount - before,
        });
      };
      if (settings.only.has('catalog')) {
        const reads = (await buildScenarios(gateway, '', '', pool)).filter((scenario) => TRACED_READS.has(scenario.kind));
        for (const scenario of reads) await counted(async () => measure(await preflight(scenario)), 'req/s');
      }
      if (settings.only.has('checkout')) {
        const { products, adminToken } = await checkoutSetup(gateway, pool);
        log(`tracing ${mode.label}: checkout, ${settings.checkoutBuyers} buyers, ${settings.checkoutOrders} orders after ${settings.checkoutWarmup} warm-up orders`);
        await counted(async () => {
          const { paid: _paid, soldOut: _soldOut, discounted: _none, codeRefused: _refused, stock: _stock, breakdown: _breakdown, ...checkout } = await runCheckoutBench({
            gateway,
            adminToken,
            products,
            orders: settings.checkoutOrders,
            buyers: settings.checkoutBuyers,
            warmupOrders: settings.checkoutWarmup,
            serviceUrls: Object.fromEntries(SERVICES.filter((name) => name !== 'stripe-simulator').map((name) => [name, urls[name]])),
            log,
          });
          return checkout;
        }, 'orders/s');
      }
    } finally {
      await stopChildren();
      await receiver.close();
    }
  }
  return results;
}

// ------------------------------------------------------------------------------------------

/** Set once the database exists, so a signal can drop it too. */
let cleanupDatabase: (() => Promise<void>) | undefined;

async function main(): Promise<number> {
  const code = CORE_PARTS.some((part) => settings.only.has(part)) ? await core() : 0;
  if (code === 0 && settings.only.has('analytics')) {
    // After the others, their processes stopped: its own platform (split topology, demo history) and database.
    const { runAnalyticsBench } = await import('./analytics.js');
    const { text, failed } = await runAnalyticsBench(log);
    process.stdout.write(`\nOmniCart analytics bench — ${new Date().toISOString()}\n\n${text}\n`);
    if (failed) return 1;
  }
  return code;
}

async function core(): Promise<number> {
  const startedAt = new Date();
  const database = await prepareDatabase();
  const pool = createPool(database.url, { max: 4 });
  cleanupDatabase = async () => {
    cleanupDatabase = undefined;
    await pool.end().catch(() => undefined);
    await database.close();
  };
  try {
    await migrateAndSeed(pool);
    cpuPool = pool;
    if (settings.tracing) {
      if (!settings.only.has('catalog') && !settings.only.has('checkout')) throw new Error('BENCH_TRACING measures catalog reads and checkout: BENCH_ONLY must name catalog, checkout or both');
      const rounds: TracingMeasurement[] = [];
      for (let round = 1; round <= settings.tracingRounds; round++) {
        if (settings.tracingRounds > 1) log(`tracing: round ${round} of ${settings.tracingRounds}`);
        rounds.push(...(await tracingComparison(settings.tracing, database.url, pool)));
      }
      const rows = compareToOff(settings.tracingRounds > 1 ? bestOfRounds(rounds) : rounds);
      const cpu = cpus();
      const header = `OmniCart tracing cost — ${startedAt.toISOString()} — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, ${database.server}, ${process.env.RABBITMQ_URL ? 'RabbitMQ' : 'PostgreSQL'} event bus, split topology, a fresh platform per mode${settings.tracingRounds > 1 ? ` and round (${settings.tracingRounds} rounds, modes interleaved, best round shown)` : ''} exporting OTLP/HTTP to a local receiver that counts and discards; reads: ${settings.connections} connections, ${settings.duration} s after ${settings.warmup} s warm-up; checkout: ${settings.checkoutBuyers} buyers, ${settings.checkoutOrders} orders after ${settings.checkoutWarmup} warm-up orders`;
      const ceiling = `ceiling (reported, not asserted): ≤ ${MAX_LOSS_AT_10 * 100} % throughput loss with tracing on at 10 %; spans received include warm-up and preflight requests`;
      process.stdout.write(`\n${header}\n\n${formatTracingTable(rows)}\n\n${ceiling}\n\n`);
      mkdirSync(OUT_DIR, { recursive: true });
      writeFileSync(join(OUT_DIR, 'latest.json'), `${JSON.stringify({ startedAt: startedAt.toISOString(), node: process.version, cpus: cpu.length, database: database.server, tracing: rows }, null, 2)}\n`);
      log(`wrote ${join(OUT_DIR, 'latest.json')}`);
      return 0;
    }
    if (settings.replicas.includes(2)) await checkConnectionBudget(pool, 2);
    let { gateway, urls } = await startPlatform(database.url, settings.replicas[0]);
    const measurements: Measurement[] = [];
    let checkoutDetails: unknown = null;
    let notificationsLine = '';
    if (settings.only.has('catalog') || settings.only.has('catalog-mix')) {
      const bare = await startCeiling('bare', database.url);
      const pgCeiling = await startCeiling('pg', database.url);
      const all = await buildScenarios(gateway, bare, pgCeiling, pool);
      // catalog-mix alone: the two ceilings, then the mix.
      const scenarios = settings.only.has('catalog') ? all : all.filter((scenario) => scenario.kind.startsWith('ceiling'));
      scenarios.push(...(await buildMixScenarios(gateway, urls.catalog, pool)));
      for (const scenario of scenarios) measurements.push(await measure(await preflight(scenario)));
    }
    if (settings.only.has('checkout')) {
      const { products, adminToken } = await checkoutSetup(gateway, pool);
      log(`checkout: ${settings.checkoutBuyers} buyers, ${settings.checkoutOrders} orders after ${settings.checkoutWarmup} warm-up orders`);
      const checkoutRun = (promotion?: CheckoutBenchOptions['promotion']) =>
        runCheckoutBench({
          gateway,
          adminToken,
          products,
          orders: settings.checkoutOrders,
          buyers: settings.checkoutBuyers,
          warmupOrders: settings.checkoutWarmup,
          ...(promotion ? { promotion } : {}),
          serviceUrls: Object.fromEntries(SERVICES.filter((name) => name !== 'stripe-simulator').map((name) => [name, urls[name]])),
          log,
        });
      const { paid: _paid, soldOut: _soldOut, discounted: _none, codeRefused: _noneRefused, stock, breakdown, ...checkout } = await checkoutRun();
      const sideBySide = settings.replicas.length > 1;
      const withReplicas = (measurement: Measurement, replicas: number): Measurement =>
        sideBySide ? { ...measurement, name: `${measurement.name.replace(/\)$/, '')}, ${replicas} replica${replicas === 1 ? '' : 's'})` } : measurement;
      measurements.push(withReplicas(checkout, settings.replicas[0]!));
      // BENCH_REPLICAS=1,2: the same checkout on a fresh platform of each other replica count (same database).
      for (const replicas of settings.replicas.slice(1)) {
        await stopChildren();
        await closeBalancers();
        ({ gateway, urls } = await startPlatform(database.url, replicas));
        await platformSettled();
        log(`checkout again with ${replicas} replica(s) of every domain service and the gateway`);
        const { paid: _p, soldOut: _s, discounted: _d, codeRefused: _c, stock: _st, breakdown: _b, ...again } = await checkoutRun();
        measurements.push(withReplicas(again, replicas));
      }
      // The same checkout with a code on every order (promotions' `redeem` step on each), side by side:
      // a shared 10 % code whose limit (80 % of the orders; a tenth of them sell out besides) leaves the last ones to be refused as used up.
      const usageLimit = settings.checkoutWarmup + Math.floor(settings.checkoutOrders * 0.8);
      const created = await okStatus(`${gateway}/api/v1/promotions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ kind: 'code', name: 'Bench 10 % off', discountType: 'percent', percentOff: 10, code: 'BENCH10', usageLimit }),
      });
      const promotionId = (created.body as { id?: string }).id;
      if (!promotionId) throw new Error(`creating the bench code failed: ${created.status}`);
      log(`checkout with a code: BENCH10 on every order, usage limit ${usageLimit}`);
      const { paid: _paidWithCode, soldOut: _soldOutWithCode, stock: _stockWithCode, breakdown: _breakdownWithCode, discounted: _discounted, codeRefused: _refused, ...withCode } = await checkoutRun({
        id: promotionId,
        code: 'BENCH10',
        usageLimit,
      });
      measurements.push(withReplicas(withCode, settings.replicas.at(-1)!));
      const paidOrders = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM orders.outbox_events WHERE type = 'orders.order_paid'");
      const emails = await orderEmailLatency(pool, paidOrders.rows[0]!.n);
      checkoutDetails = { stock, breakdown, emails };
      notificationsLine = emails
        ? `notifications (EMAIL_SEND_RATE=${settings.emailRate}/s per replica): ${emails.sent} order confirmations, order_paid → accepted by SMTP p50 ${emails.p50Ms} ms, p99 ${emails.p99Ms} ms; ${emails.perSecond} e-mails/s while they went out${emails.unsent ? `; ${emails.unsent} not sent within 60 s` : ''}`
        : 'notifications: no order confirmation was sent';
    }

    let campaign: CampaignBenchResult | null = null;
    if (settings.only.has('campaign')) {
      const token = async (email: string, password: string) => {
        const login = await okStatus(`${gateway}/api/v1/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
        const accessToken = (login.body as { accessToken?: string }).accessToken;
        if (!accessToken) throw new Error(`login ${email} failed: ${login.status}`);
        return accessToken;
      };
      const products = await pool.query<{ id: string }>("SELECT id::text AS id FROM catalog.products WHERE status = 'active' ORDER BY md5(sku) OFFSET 100 LIMIT 20");
      log(`campaign: ${settings.campaignRecipients} opted-in customers seeded into notifications' contacts, a buyer ordering meanwhile`);
      campaign = await runCampaignBench({
        pool,
        gateway,
        adminToken: await token(settings.adminEmail, settings.adminPassword),
        customerToken: await token(settings.demoEmail, settings.demoPassword),
        products: products.rows,
        recipients: settings.campaignRecipients,
        log,
      });
      notificationsLine += `${notificationsLine ? '\n' : ''}campaign to ${campaign.recipients} opted-in customers: ${campaign.sent} sent in ${campaign.seconds} s (${campaign.perSecond} messages/s at EMAIL_SEND_RATE=${settings.emailRate}); meanwhile ${campaign.ordersDuring} orders, their confirmations order_paid → SMTP p50 ${campaign.orderEmailP50Ms ?? '?'} ms, p99 ${campaign.orderEmailP99Ms ?? '?'} ms`;
    }

    const rows = evaluate(measurements);
    const table = formatTable(rows);
    const cpu = cpus();
    const bus = process.env.RABBITMQ_URL ? 'RabbitMQ event bus' : 'PostgreSQL event bus';
    const parts = [
      ...(settings.only.has('catalog') || settings.only.has('catalog-mix') ? [`reads: ${settings.connections} connections, ${settings.duration} s per scenario after ${settings.warmup} s warm-up`] : []),
      ...(settings.only.has('checkout') ? [`checkout: ${settings.checkoutBuyers} buyers, ${settings.checkoutOrders} orders after ${settings.checkoutWarmup} warm-up orders`] : []),
    ];
    const header = `OmniCart bench — ${startedAt.toISOString()} — ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}, ${database.server}, ${bus}, split topology (${SERVICES.length} processes: ${SERVICES.join(', ')}${settings.replicas.includes(2) ? '; with 2 replicas every domain service and the gateway twice behind round-robin TCP balancers, DB_POOL_MAX 5 each' : ''}), ${parts.join('; ')}; service LOG_LEVEL=${settings.logLevel}`;
    const fixed = (value: number | null) => (value === null ? '?' : value.toFixed(2));
    const cpuLines = rows
      .filter((row) => row.cpuMsPerRequest && !row.kind.startsWith('ceiling') && row.kind !== 'checkout')
      .map((row) => `| ${row.name} | ${fixed(row.cpuMsPerRequest!.catalog)} | ${fixed(row.cpuMsPerRequest!.gateway)} | ${fixed(row.cpuMsPerRequest!.postgres)} |`);
    const cpuTable = cpuLines.length
      ? `\nCPU ms per request (measured window):\n\n| scenario | catalog | gateway | postgres |\n|---|---:|---:|---:|\n${cpuLines.join('\n')}\n`
      : '';
    process.stdout.write(`\n${header}\n\n${table}\n${cpuTable}${notificationsLine ? `\n${notificationsLine}\n` : ''}\n`);
    mkdirSync(OUT_DIR, { recursive: true });
    const report = {
      startedAt: startedAt.toISOString(),
      node: process.version,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? null,
      database: database.server,
      eventBus: bus,
      topology: `split: ${SERVICES.join(', ')} as separate processes; autocannon and the checkout buyers in the bench process`,
      settings: {
        connections: settings.connections,
        durationSeconds: settings.duration,
        warmupSeconds: settings.warmup,
        serviceLogLevel: settings.logLevel,
        checkoutOrders: settings.checkoutOrders,
        checkoutBuyers: settings.checkoutBuyers,
        checkoutWarmupOrders: settings.checkoutWarmup,
      },
      rows,
      checkout: checkoutDetails,
      campaign,
    };
    writeFileSync(join(OUT_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${join(OUT_DIR, 'latest.json')}`);
    return 0;
  } finally {
    await stopChildren();
    await closeBalancers();
    await inbox?.stop().catch(() => undefined);
    await cleanupDatabase?.();
  }
}

/**
 * The checkout's e-mails: from each order's `order_paid` event (its outbox row's time) to the SMTP
 * server accepting the confirmation (the message's sent_at), once every confirmation went out (or 60 s).
 */
async function orderEmailLatency(pool: pg.Pool, expected: number): Promise<{ sent: number; unsent: number; p50Ms: number; p99Ms: number; perSecond: number } | null> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await pool.query<{ sent: string }>("SELECT count(*) AS sent FROM notifications.messages WHERE template = 'order_confirmation' AND channel = 'email' AND state = 'sent'");
    if (Number(rows[0]!.sent) >= expected || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { rows } = await pool.query<{ sent: string; p50: number | null; p99: number | null; seconds: number | null }>(`
    SELECT count(*) AS sent,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
           EXTRACT(EPOCH FROM max(sent_at) - min(sent_at))::float8 AS seconds
      FROM (SELECT m.sent_at, EXTRACT(EPOCH FROM m.sent_at - o.occurred_at) * 1000 AS ms
              FROM notifications.messages m JOIN orders.outbox_events o ON o.id::text = m.event_id
             WHERE m.template = 'order_confirmation' AND m.channel = 'email' AND m.state = 'sent') AS t`);
  const row = rows[0]!;
  const sent = Number(row.sent);
  if (sent === 0 || row.p50 === null || row.p99 === null) return null;
  return {
    sent,
    unsent: Math.max(0, expected - sent),
    p50Ms: Math.round(row.p50),
    p99Ms: Math.round(row.p99),
    perSecond: row.seconds ? Math.round((sent / row.seconds) * 10) / 10 : sent,
  };
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping every child process`);
    void stopChildren()
      .then(() => cleanupDatabase?.())
      .finally(() => process.exit(130));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await stopChildren();
    await cleanupDatabase?.().catch(() => undefined);
    process.exitCode = 1;
  },
);
