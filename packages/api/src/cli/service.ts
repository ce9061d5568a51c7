#!/usr/bin/env node
/**
 * Runs exactly one service in this process (the split topology, one Deployment per service):
 *   node packages/api/dist/cli/service.js <domain|gateway|stripe-simulator> [--seed]
 * (the domains are the registry's: identity, catalog, inventory, cart, orders, payments, ...), or without
 * the name when SERVICES names exactly one service: each service's production image sets it.
 * A domain service migrates its own schema (the PostgreSQL event bus migrates `events` itself),
 * under the runner's advisory lock so replicas may start together, and seeds only with --seed.
 * The gateway loads no domain code: it routes by the registry's manifests and learns each
 * service's access rules from its GET /_meta/surface. The Stripe simulator is a development tool
 * (cli/stripe-simulator.ts; not in the production image).
 */
// First: tracing must be set up before the modules it instruments load.
import './tracing-service.js';
import {
  SERVICE_NAMES,
  demoSettings,
  getEnvOrExit,
  hostDomains,
  isDomainName,
  isServiceName,
  identitySessionStates,
  jwksUrl,
  loadDomains,
  migrate,
  seedDemoData,
  serviceUrlFromEnv,
  servicePortFromEnv,
  startGatewayFromEnv,
} from '../platform/index.js';
import { createAccessTokenVerifier } from '../runtime/auth.js';
import { openDatabase } from '../runtime/bootstrap.js';
import { onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';

/** Ends the pool (and an embedded PostgreSQL) when start-up fails half-way. */
let cleanupOnFailure: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = args.filter((arg) => arg.startsWith('--'));
  const named = args.filter((arg) => !arg.startsWith('--'));
  const env = getEnvOrExit();
  // Each production image names its service in SERVICES (the Dockerfile's SERVICE build argument), so it starts without one.
  const name = named[0] ?? (env.SERVICES.length === 1 ? env.SERVICES[0] : undefined);
  if (named.length > 1 || !name || !isServiceName(name)) {
    process.stderr.write(`usage: service.js <${SERVICE_NAMES.join('|')}> [--seed], or with SERVICES naming one of them\n`);
    process.exit(2);
  }
  // Domain services get their `service` binding from the service host.
  const logger = createLogger({ level: env.LOG_LEVEL, ...(isDomainName(name) ? {} : { service: name }) });

  if (name === 'gateway') {
    const gateway = await startGatewayFromEnv({ logger, env });
    onShutdownSignal(logger, () => gateway.stop(env.SHUTDOWN_TIMEOUT_MS));
    return;
  }
  if (name === 'stripe-simulator') {
    const { startSimulatorFromEnv } = await import('./stripe-simulator.js').catch((error: unknown) => {
      // Pruned from the production build; any other failure is a real one and surfaces as is.
      if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new Error('the Stripe simulator is a development tool and is not part of this build (run it from a development checkout)', { cause: error });
    });
    const simulator = await startSimulatorFromEnv(env, logger);
    logger.info({ url: simulator.url }, 'Stripe simulator listening');
    onShutdownSignal(logger, () => simulator.stop());
    return;
  }
  if (!isDomainName(name)) throw new Error(`unknown service ${name}`);

  const database = await openDatabase(env, logger, { applicationName: `omnicart-${name}` });
  const running: { stop?: () => Promise<void> } = {};
  const shutdown = async () => {
    await running.stop?.();
    await database.close();
  };
  onShutdownSignal(logger, shutdown);
  cleanupOnFailure = shutdown;
  // Its own schema only. The PostgreSQL event bus (no RABBITMQ_URL) migrates schema `events`
  // itself when the service host creates it, under the same advisory lock.
  await migrate(database.pool, logger, [name]);
  if (flags.includes('--seed')) await seedDemoData(database.pool, [name], demoSettings(env, undefined, { history: true }));
  const service = await hostDomains({
    domains: await loadDomains([name]),
    env,
    port: servicePortFromEnv(name, env),
    pool: database.pool,
    logger,
    verifier: createAccessTokenVerifier(
      { jwksUrl: jwksUrl(env) },
      {
        sessions: identitySessionStates({
          identityUrl: () => serviceUrlFromEnv('identity', env),
          serviceToken: env.SERVICE_TOKEN,
          caller: name,
          ttlMs: env.SESSION_CACHE_TTL_MS,
        }),
        onSessionCheckError: (error) => logger.warn({ err: error }, 'session check failed: identity unreachable'),
      },
    ),
  });
  running.stop = () => service.stop(env.SHUTDOWN_TIMEOUT_MS);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanupOnFailure?.().catch(() => undefined);
  process.exit(1);
});
