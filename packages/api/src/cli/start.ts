#!/usr/bin/env node
/**
 * `npm start`: the whole platform in one process, each service on its own port and talking to
 * the others over HTTP (and the event bus) exactly as in the split topology, plus the local Stripe
 * simulator the payments service's SDK is pointed at. SERVICES=identity,catalog,gateway picks a
 * subset. Without DATABASE_URL an embedded PostgreSQL is started; migrations run and demo data is
 * seeded on first start. Every list of domains comes from the registry (platform/registry.ts).
 */
// First: tracing must be set up before the modules it instruments load.
import './tracing-all.js';
import { DEFAULT_HTTP_PORT, DEFAULT_SMTP_PORT, startDevInbox, type DevInbox } from '../dev-inbox/index.js';
import { DEMO_ADMIN, DEMO_CUSTOMER } from '../identity/index.js';
import { stripeApiUrl } from '../payments/index.js';
import {
  DOMAINS,
  SERVICE_NAMES,
  demoSettings,
  getEnvOrExit,
  hostDomains,
  identitySessionStates,
  isServiceName,
  jwksUrl,
  loadDomains,
  manifestsOf,
  migrate,
  schemasOf,
  seedDemoData,
  servicePortFromEnv,
  serviceUrlFromEnv,
  simulatorWebhookUrl,
  startGatewayFromEnv,
  type PlatformEnv,
} from '../platform/index.js';
import type { Gateway } from '../gateway/index.js';
import { createLazyVerifier } from '../runtime/auth.js';
import { openDatabase, type Database } from '../runtime/bootstrap.js';
import { localUrl, onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';
import type { RunningService } from '../runtime/server.js';
import { startSimulatorFromEnv, type RunningSimulator } from './stripe-simulator.js';

/** Stops whatever did start (e.g. the embedded PostgreSQL) when start-up fails half-way. */
let cleanupOnFailure: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const env = getEnvOrExit();
  const logger = createLogger({ level: env.LOG_LEVEL });
  const wanted = new Set(env.SERVICES);
  const unknown = [...wanted].filter((name) => !isServiceName(name));
  if (unknown.length) {
    process.stderr.write(`Invalid environment:\n  - SERVICES: unknown service(s) ${unknown.join(', ')} (known: ${SERVICE_NAMES.join(', ')})\n`);
    process.exit(1);
  }
  const manifests = manifestsOf(wanted);
  const hosts = (name: string) => manifests.some((d) => d.name === name);

  let database: Database | undefined;
  let services: RunningService | undefined;
  let gateway: Gateway | undefined;
  let simulator: RunningSimulator | undefined;
  let inbox: DevInbox | undefined;
  const shutdown = async () => {
    await gateway?.stop(env.SHUTDOWN_TIMEOUT_MS);
    await services?.stop(env.SHUTDOWN_TIMEOUT_MS);
    await simulator?.stop();
    await inbox?.stop();
    await database?.close();
  };
  onShutdownSignal(logger, shutdown);
  cleanupOnFailure = shutdown;

  // The simulator first: the payments service's SDK must know where it is when it starts.
  let serviceEnv: PlatformEnv = env;
  if (wanted.has('stripe-simulator')) {
    const paymentsUrl = hosts('payments') && env.PAYMENTS_PORT !== 0 ? localUrl(env.HOST, env.PAYMENTS_PORT) : serviceUrlFromEnv('payments', env);
    simulator = await startSimulatorFromEnv(env, logger.child({ service: 'stripe-simulator' }), simulatorWebhookUrl(env, paymentsUrl));
    // Simulator mode (no real Stripe key, no explicit STRIPE_API_URL): the SDK talks to this one.
    if (!env.STRIPE_API_URL && stripeApiUrl(env) !== undefined) serviceEnv = { ...env, STRIPE_API_URL: localUrl(env.HOST, simulator.port) };
  }

  // The local mail and SMS inbox notifications sends through, unless SMTP_URL points elsewhere
  // (DEV_INBOX=0 skips it). A port already taken is taken to be a dev inbox started on its own.
  let inboxLine: string | undefined;
  if (hosts('notifications') && !process.env.SMTP_URL && process.env.DEV_INBOX !== '0') {
    const smtpPort = Number(process.env.DEV_INBOX_SMTP_PORT ?? DEFAULT_SMTP_PORT);
    const httpPort = Number(process.env.DEV_INBOX_HTTP_PORT ?? DEFAULT_HTTP_PORT);
    try {
      inbox = await startDevInbox({ host: env.HOST, smtpPort, httpPort, logger: logger.child({ service: 'dev-inbox' }), twilioAuthToken: env.TWILIO_AUTH_TOKEN });
      serviceEnv = { ...serviceEnv, SMTP_URL: inbox.smtpUrl, ...(process.env.SMS_API_URL ? {} : { SMS_API_URL: inbox.url }) };
      inboxLine = inbox.url;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      logger.warn({ smtpPort, httpPort }, 'dev inbox ports are taken: using the inbox already listening there');
      inboxLine = localUrl(env.HOST, httpPort);
    }
  }

  if (manifests.length) {
    const db = await openDatabase(env, logger, { applicationName: 'omnicart' });
    database = db;
    await migrate(db.pool, logger, schemasOf(DOMAINS.map((domain) => domain.name), true));
    const seeded = await seedDemoData(db.pool, wanted, demoSettings(env, undefined, { history: true }));
    if (seeded.catalog !== undefined) logger.info(seeded.catalog ? 'demo catalog seeded' : 'catalog already has data: not seeding');
    if (seeded.analytics) logger.info('demo history seeded: 180 days of synthetic shoppers for the reports and shelves (DEMO_HISTORY=0 skips it)');
    // Identity hosted here is asked at its actual address (IDENTITY_URL may describe another layout).
    let hosted: RunningService | undefined;
    const identityUrl = () => (hosted?.domains.some((d) => d.name === 'identity') ? hosted.url('identity') : serviceUrlFromEnv('identity', env));
    const verifier = createLazyVerifier(
      () => (hosted?.domains.some((d) => d.name === 'identity') ? `${hosted.url('identity')}/.well-known/jwks.json` : jwksUrl(env)),
      {
        sessions: identitySessionStates({ identityUrl, serviceToken: env.SERVICE_TOKEN, caller: 'omnicart', ttlMs: env.SESSION_CACHE_TTL_MS }),
        onSessionCheckError: (error) => logger.warn({ err: error }, 'session check failed: identity unreachable'),
      },
    );
    services = hosted = await hostDomains({
      domains: await loadDomains(wanted),
      env: serviceEnv,
      ports: Object.fromEntries(manifests.map((domain) => [domain.name, servicePortFromEnv(domain.name, env)])),
      // Each domain gets its own pool, as it would as a separate service.
      pool: (name) => db.createPool(name),
      logger,
      verifier,
    });
  }
  if (wanted.has('gateway')) {
    // Upstreams hosted here are reached at their actual address; the others at <NAME>_URL. One of
    // `npm run start:replicas`' processes (OMNICART_REPLICA set) reaches every upstream at <NAME>_URL,
    // its balancer, so each gateway spreads over both replicas of every service.
    const running = process.env.OMNICART_REPLICA ? undefined : services;
    gateway = await startGatewayFromEnv({
      logger: logger.child({ service: 'gateway' }),
      env,
      upstreams: Object.fromEntries((running?.domains ?? []).map((domain) => [domain.name, domain.url])),
    });
  }

  const lines = ['', 'OmniCart is running.', ''];
  if (gateway) {
    lines.push(
      `  Gateway            ${gateway.url}`,
      `  REST API           ${gateway.url}/api/v1   (e.g. ${gateway.url}/api/v1/products)`,
      `  tRPC               ${gateway.url}/trpc/<domain>/<procedure>`,
      `  OpenAPI documents  data/docs/ (${DOMAINS.map((domain) => domain.openapiFile).join(', ')})`,
      `  Stripe webhooks    ${gateway.url}/webhooks/stripe`,
      `  Metrics            ${gateway.url}/metrics   (health: /healthz, readiness: /readyz)`,
    );
  }
  for (const domain of services?.domains ?? []) lines.push(`  ${domain.name.padEnd(19)}${domain.url}   (/trpc, /api/v1, /healthz, /readyz, /metrics)`);
  if (inboxLine) {
    const smtp = new URL(serviceEnv.SMTP_URL);
    lines.push(
      `  ${'Mail inbox'.padEnd(19)}${inboxLine}   (every e-mail sent, via SMTP ${smtp.host}; set SMTP_URL to send for real)`,
      `  ${'SMS inbox'.padEnd(19)}${inboxLine}/sms   (Twilio-shaped simulator; every SMS sent)`,
    );
  }
  if (simulator) lines.push(`  ${'stripe-simulator'.padEnd(19)}${simulator.url}   (Stripe API subset; the payments SDK talks to it)`);
  else if (hosts('payments')) lines.push(`  ${'Stripe'.padEnd(19)}${stripeApiUrl(env) ?? 'api.stripe.com (STRIPE_SECRET_KEY)'}`);
  if (wanted.has('identity')) {
    lines.push(
      '',
      '  Demo logins',
      `    admin     ${DEMO_ADMIN.email} / ${env.OMNICART_ADMIN_PASSWORD}`,
      `    customer  ${DEMO_CUSTOMER.email} / ${env.OMNICART_DEMO_PASSWORD}`,
    );
  }
  if (database?.embedded) lines.push('', `  Embedded PostgreSQL ${database.url}`);
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`omnicart failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanupOnFailure?.().catch(() => undefined);
  process.exit(1);
});
