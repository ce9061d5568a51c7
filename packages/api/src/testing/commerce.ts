import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { migrateAll } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { startDevInbox, type DevInbox } from '../dev-inbox/index.js';
import { DEMO_ADMIN, DEMO_CUSTOMER } from '../identity/index.js';
import { DOMAIN_NAMES, SERVICE_NAMES, schemasOf, seedDemoData, type DomainName, type ServiceName } from '../platform/index.js';
import { startBalancer, type Balancer } from '../runtime/balancer.js';
import { freePort, startServiceProcess, type ServiceProcess } from './processes.js';

/**
 * The whole commerce platform for integration tests, every service in its own process (the
 * split topology of production): a throwaway database (migrated, demo accounts, catalog and
 * inventory seeded), then every registered domain (platform/registry.ts), the Stripe simulator
 * and the gateway spawned as `node dist/cli/service.js <name>` on free ports. Needs the
 * built package (`npm run build -w @omnicart/api`; `npm test` builds first).
 *
 *   const platform = await startCommercePlatform();
 *   afterAll(() => platform.shutdown());
 *   const token = await platform.customerToken();
 *   await fetch(`${platform.gatewayUrl}/api/v1/orders`, { ... });
 *   await platform.restart('orders', { ORDERS_CRASH_AT: 'after-payment' });
 *
 * With `replicas: 2`, every domain service and the gateway run as two processes each, behind a
 * round-robin TCP balancer (runtime/balancer.ts) on the address the others know them by, as two
 * pods behind a Kubernetes Service: sweepers, recovery loops, schedulers and consumers then run
 * twice and must coordinate. The Stripe simulator stays single (it stands for Stripe).
 *
 * Events go through the PostgreSQL bus of the throwaway database (RABBITMQ_URL is dropped unless
 * `env` sets it): queues on a shared broker would mix the events of platforms of several runs.
 */

export const COMMERCE_SERVICES = SERVICE_NAMES;
export type CommerceServiceName = ServiceName;

export interface CommercePlatformOptions {
  /** Catalog size to seed (default 60; every product gets the inventory seed's stock). */
  products?: number;
  /** Environment every process sees on top of the platform's (e.g. { RESERVATION_TTL_SECONDS: '2' }). */
  env?: Record<string, string>;
  /** On-hand stock to set per SKU once the platform is up (admin PUT /api/v1/inventory/{sku}). */
  stock?: Record<string, number>;
  /** How long each process may take to become ready (default 60 s). */
  readyTimeoutMs?: number;
  /** Seed the demo history as `npm start` does (analytics' sessions and sales, recommendations' purchases); default false. */
  demoHistory?: boolean;
  /** Processes per domain service and gateway, behind a round-robin balancer (default 1: no balancer). */
  replicas?: 1 | 2;
  /**
   * Turns OpenTelemetry on in every process: spans exported over OTLP/HTTP to this endpoint (e.g. a
   * test's in-memory receiver), every trace sampled, batches sent every 100 ms.
   */
  otlpEndpoint?: string;
}

export interface CommercePlatform {
  gatewayUrl: string;
  /** Each domain service's base URL, and the simulator's. */
  urls: Record<DomainName, string> & { stripeSimulator: string };
  databaseUrl: string;
  /** The dev inbox notifications sends through (SMTP and the SMS simulator; its HTTP API and pages here). */
  inboxUrl: string;
  /** A pool on the platform's database (assertions on rows). */
  pool: pg.Pool;
  /** The running process of each service (replaced on restart); with replicas, the first replica's. */
  processes: Readonly<Record<CommerceServiceName, ServiceProcess>>;
  /** Every running process of each service (one per replica). */
  replicaProcesses: Readonly<Record<CommerceServiceName, readonly ServiceProcess[]>>;
  /** The balancer in front of each replicated service (empty with one replica). */
  balancers: Readonly<Partial<Record<CommerceServiceName, Balancer>>>;
  /** The environment every process was started with (before per-restart overrides). */
  env: Readonly<Record<string, string>>;
  /**
   * Stops the service (every replica; SIGTERM by default, SIGKILL to simulate a crash), starts it again with the
   * platform's environment plus `envOverrides` (for this start only) and waits until it is ready.
   */
  restart(name: CommerceServiceName, envOverrides?: Record<string, string>, options?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  /** Stops one service (every replica; SIGTERM by default) and resolves with the (first) exit code. */
  stop(name: CommerceServiceName, signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
  /** SIGKILL: the process dies wherever it was (a crash). */
  kill(name: CommerceServiceName): Promise<number | null>;
  /** Signs in through the gateway; resolves with the access token. */
  login(email: string, password: string): Promise<string>;
  /** Access token of the demo admin (cached for a few minutes). */
  adminToken(): Promise<string>;
  /** Access token of the demo customer (cached for a few minutes). */
  customerToken(): Promise<string>;
  /** Sets a SKU's on-hand stock through the admin REST API. */
  setStock(sku: string, onHand: number): Promise<void>;
  /** Everything each process wrote so far (for failure messages). */
  output(name: CommerceServiceName): string;
  /** Stops every process and drops the database. Safe to call twice. */
  shutdown(): Promise<void>;
}

/** Tokens live 15 minutes by default; reuse one for a while, then sign in again. */
const TOKEN_REUSE_MS = 5 * 60_000;

export async function startCommercePlatform(options: CommercePlatformOptions = {}): Promise<CommercePlatform> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const db: TestDatabase = await createTestDatabase('omnicart_commerce');
  const replicaCount = options.replicas ?? 1;
  const processes = {} as Record<CommerceServiceName, ServiceProcess>;
  const replicaProcesses = {} as Record<CommerceServiceName, ServiceProcess[]>;
  const balancers: Partial<Record<CommerceServiceName, Balancer>> = {};
  let shuttingDown: Promise<void> | undefined;
  let inbox: DevInbox | undefined;

  const stopProcess = async (child: ServiceProcess | undefined, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> => {
    if (!child) return null;
    if (child.child.exitCode !== null || child.child.signalCode !== null) return child.child.exitCode;
    const exited = child.stop(signal);
    if (signal === 'SIGKILL') return exited;
    // A graceful stop that hangs must not hang the test run.
    const timer = setTimeout(() => child.stop('SIGKILL'), 8_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  const stopService = async (name: CommerceServiceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> => {
    const codes = await Promise.all((replicaProcesses[name] ?? []).map((child) => stopProcess(child, signal)));
    return codes[0] ?? null;
  };

  const shutdown = () => {
    shuttingDown ??= (async () => {
      await stopService('gateway');
      await Promise.all(COMMERCE_SERVICES.filter((name) => name !== 'gateway').map((name) => stopService(name)));
      await Promise.all(Object.values(balancers).map((balancer) => balancer.close()));
      await inbox?.stop().catch(() => undefined);
      await db.drop().catch(() => undefined);
    })();
    return shuttingDown;
  };

  try {
    await migrateAll(db.pool, schemasOf(DOMAIN_NAMES, true));
    await seedDemoData(db.pool, DOMAIN_NAMES, {
      adminPassword: options.env?.OMNICART_ADMIN_PASSWORD ?? 'omnicart-admin',
      demoPassword: options.env?.OMNICART_DEMO_PASSWORD ?? 'omnicart-demo',
      products: options.products ?? 60,
      history: options.demoHistory ?? false,
    });

    const ports = Object.fromEntries(await Promise.all(COMMERCE_SERVICES.map(async (name) => [name, await freePort()] as const))) as Record<
      CommerceServiceName,
      number
    >;
    const local = (port: number) => `http://127.0.0.1:${port}`;
    const urls = {
      ...(Object.fromEntries(DOMAIN_NAMES.map((name) => [name, local(ports[name])])) as Record<DomainName, string>),
      stripeSimulator: local(ports['stripe-simulator']),
    };
    const gatewayUrl = local(ports.gateway);
    // Notifications' real SMTP server and SMS simulator, on free ports (never a developer's inbox on 1025).
    inbox = await startDevInbox({ host: '127.0.0.1', smtpPort: 0, httpPort: 0 });
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      // Eight processes on one server shared with other suites: small pools.
      DB_POOL_MAX: '4',
      RATE_LIMIT_EXEMPT_LOOPBACK: 'true',
      // Suites place many orders as the one demo customer; the checkout rate limit's own test turns it on.
      ORDERS_CHECKOUT_RATE_LIMIT: '0',
      SHUTDOWN_TIMEOUT_MS: '3000',
      SERVICE_TOKEN: `test-${randomBytes(12).toString('hex')}`,
      GATEWAY_PORT: String(ports.gateway),
      STRIPE_SIMULATOR_PORT: String(ports['stripe-simulator']),
      STRIPE_API_URL: urls.stripeSimulator,
      STRIPE_SECRET_KEY: 'sk_test_omnicart_simulator',
      STRIPE_WEBHOOK_SECRET: 'whsec_omnicart_test_platform_secret',
      // As in production (Stripe → ingress → gateway → payments): webhooks cross the gateway.
      STRIPE_SIMULATOR_WEBHOOK_URL: `${gatewayUrl}/webhooks/stripe`,
      EVENTS_POLL_MS: '100',
      SMTP_URL: inbox.smtpUrl,
      SMS_API_URL: inbox.url,
      OMNICART_ADMIN_PASSWORD: 'omnicart-admin',
      OMNICART_DEMO_PASSWORD: 'omnicart-demo',
      ...Object.fromEntries(
        DOMAIN_NAMES.flatMap((name) => [
          [`${name.toUpperCase()}_PORT`, String(ports[name])],
          [`${name.toUpperCase()}_URL`, urls[name]],
        ]),
      ),
      ...(options.otlpEndpoint
        ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint, OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_BSP_SCHEDULE_DELAY: '100' }
        : {}),
      ...options.env,
    };
    const inherited: NodeJS.ProcessEnv = { ...process.env };
    if (!options.env?.RABBITMQ_URL) delete inherited.RABBITMQ_URL;
    const portVariable = (name: CommerceServiceName) => (name === 'stripe-simulator' ? 'STRIPE_SIMULATOR_PORT' : `${name.toUpperCase()}_PORT`);
    const replicated = (name: CommerceServiceName) => replicaCount > 1 && name !== 'stripe-simulator';
    // Replicas listen on ports of their own; the service's known port is its balancer's.
    const replicaPorts = {} as Record<CommerceServiceName, number[]>;
    for (const name of COMMERCE_SERVICES) {
      replicaPorts[name] = replicated(name) ? await Promise.all(Array.from({ length: replicaCount }, () => freePort())) : [ports[name]];
      if (replicated(name)) {
        balancers[name] = await startBalancer({
          host: '127.0.0.1',
          port: ports[name],
          backends: replicaPorts[name].map((port) => ({ host: '127.0.0.1', port })),
          downForMs: 500,
        });
      }
    }
    // A developer's own collector settings never leak into a test's processes.
    if (!options.otlpEndpoint) for (const key of Object.keys(inherited)) if (key.startsWith('OTEL_')) delete inherited[key];

    const launchReplica = async (name: CommerceServiceName, replica: number, overrides: Record<string, string> = {}) => {
      const port = replicaPorts[name][replica]!;
      const child = startServiceProcess(name, { ...inherited, ...env, [portVariable(name)]: String(port), ...overrides });
      (replicaProcesses[name] ??= [])[replica] = child;
      if (replica === 0) processes[name] = child;
      // The simulator has no readiness route of its own: any HTTP answer means it listens.
      await child.waitReady(local(port), readyTimeoutMs, name === 'stripe-simulator' ? { path: '/healthz', anyResponse: true } : {});
    };
    const launch = (name: CommerceServiceName, overrides: Record<string, string> = {}) =>
      Promise.all(replicaPorts[name].map((_port, replica) => launchReplica(name, replica, overrides)));
    // All at once: services find each other by URL when called, the gateway loads access rules
    // lazily and reports ready only once every upstream answers.
    await Promise.all(COMMERCE_SERVICES.map((name) => launch(name)));

    const tokens = new Map<string, { token: string; at: number }>();
    const login = async (email: string, password: string): Promise<string> => {
      const response = await fetch(`${gatewayUrl}/api/v1/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await response.json()) as { accessToken?: string; error?: { message: string } };
      if (!response.ok || !body.accessToken) throw new Error(`login ${email} failed (${response.status}): ${body.error?.message ?? 'no token'}`);
      return body.accessToken;
    };
    const cachedLogin = async (email: string, password: string) => {
      const cached = tokens.get(email);
      if (cached && Date.now() - cached.at < TOKEN_REUSE_MS) return cached.token;
      const token = await login(email, password);
      tokens.set(email, { token, at: Date.now() });
      return token;
    };
    const adminToken = () => cachedLogin(DEMO_ADMIN.email, env.OMNICART_ADMIN_PASSWORD ?? 'omnicart-admin');
    const setStock = async (sku: string, onHand: number) => {
      const response = await fetch(`${gatewayUrl}/api/v1/inventory/${encodeURIComponent(sku)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
        body: JSON.stringify({ onHand, reason: 'test platform stock' }),
      });
      if (!response.ok) throw new Error(`setting stock of ${sku} failed (${response.status}): ${await response.text()}`);
    };
    for (const [sku, onHand] of Object.entries(options.stock ?? {})) await setStock(sku, onHand);

    return {
      gatewayUrl,
      urls,
      databaseUrl: db.url,
      inboxUrl: inbox.url,
      pool: db.pool,
      processes,
      replicaProcesses,
      balancers,
      env,
      async restart(name, envOverrides = {}, restartOptions = {}) {
        await stopService(name, restartOptions.signal ?? 'SIGTERM');
        await launch(name, envOverrides);
      },
      stop: (name, signal = 'SIGTERM') => stopService(name, signal),
      kill: (name) => stopService(name, 'SIGKILL'),
      login,
      adminToken,
      customerToken: () => cachedLogin(DEMO_CUSTOMER.email, env.OMNICART_DEMO_PASSWORD ?? 'omnicart-demo'),
      setStock,
      output: (name) => (replicaProcesses[name] ?? []).map((child, replica) => (replicaCount > 1 ? `[replica ${replica + 1}]\n` : '') + child.output()).join('\n'),
      shutdown,
    };
  } catch (error) {
    const outputs = COMMERCE_SERVICES.flatMap((name) => (replicaProcesses[name] ?? []).map((child, replica) => ({ name: replicaCount > 1 ? `${name} #${replica + 1}` : name, child })))
      .map(({ name, child }) => `--- ${name}:\n${child.output().slice(-4_000)}`)
      .join('\n');
    await shutdown().catch(() => undefined);
    if (error instanceof Error && outputs) error.message += `\n${outputs}`;
    throw error;
  }
}
