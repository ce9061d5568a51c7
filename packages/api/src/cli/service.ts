#!/usr/bin/env node
/**
 * Runs exactly one service in this process (the split topology, one Deployment per service):
 *   node packages/api/dist/cli/service.js <identity|catalog|inventory|cart|orders|payments|stripe-simulator|gateway> [--seed]
 * A domain service migrates its own schema (the PostgreSQL event bus migrates `events` itself),
 * under the runner's advisory lock so replicas may start together, and seeds only with --seed.
 * The gateway and the Stripe simulator need no database.
 */
import { startGatewayFromEnv } from '../gateway/index.js';
import { startStripeSimulator } from '../stripe-simulator/index.js';
import { DOMAIN_MODULES, SERVICE_NAMES, isDomainName, isServiceName, simulatorWebhookUrl } from './domains.js';
import { seedDemoData } from './demo-data.js';
import { createAccessTokenVerifier } from '../runtime/auth.js';
import { migrate, openDatabase } from '../runtime/bootstrap.js';
import { getEnvOrExit, jwksUrl, servicePortFromEnv } from '../runtime/env.js';
import { onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';
import { startService } from '../runtime/server.js';

/** Ends the pool (and an embedded PostgreSQL) when start-up fails half-way. */
let cleanupOnFailure: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const [name, ...flags] = process.argv.slice(2);
  if (!name || !isServiceName(name)) {
    process.stderr.write(`usage: service.js <${SERVICE_NAMES.join('|')}> [--seed]\n`);
    process.exit(2);
  }
  const env = getEnvOrExit();
  // Domain services get their `service` binding from startService.
  const logger = createLogger({ level: env.LOG_LEVEL, ...(isDomainName(name) ? {} : { service: name }) });

  if (name === 'gateway') {
    const gateway = await startGatewayFromEnv({ logger, env });
    onShutdownSignal(logger, () => gateway.stop(env.SHUTDOWN_TIMEOUT_MS));
    return;
  }
  if (name === 'stripe-simulator') {
    const simulator = await startStripeSimulator({
      port: env.STRIPE_SIMULATOR_PORT,
      host: env.HOST,
      webhookUrl: simulatorWebhookUrl(env),
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      logger,
    });
    logger.info({ url: simulator.url }, 'Stripe simulator listening');
    onShutdownSignal(logger, () => simulator.stop());
    return;
  }

  const domain = DOMAIN_MODULES[name];
  const database = await openDatabase(env, logger, { applicationName: `omnicart-${name}` });
  const running: { stop?: () => Promise<void> } = {};
  const shutdown = async () => {
    await running.stop?.();
    await database.close();
  };
  onShutdownSignal(logger, shutdown);
  cleanupOnFailure = shutdown;
  // Its own schema only. The PostgreSQL event bus (no RABBITMQ_URL) migrates schema `events`
  // itself when startService creates it, under the same advisory lock.
  await migrate(database.pool, logger, [domain.name]);
  if (flags.includes('--seed')) {
    await seedDemoData(database.pool, {
      domains: [domain.name],
      adminPassword: env.OMNICART_ADMIN_PASSWORD,
      demoPassword: env.OMNICART_DEMO_PASSWORD,
      products: env.SEED_PRODUCTS,
    });
  }
  const service = await startService({
    domains: domain,
    port: servicePortFromEnv(domain.name, env),
    host: env.HOST,
    pool: database.pool,
    logger,
    verifier: createAccessTokenVerifier({ jwksUrl: jwksUrl(env) }),
    slowRequestMs: env.SLOW_REQUEST_MS,
    env,
  });
  running.stop = () => service.stop(env.SHUTDOWN_TIMEOUT_MS);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanupOnFailure?.().catch(() => undefined);
  process.exit(1);
});
