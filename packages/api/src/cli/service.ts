#!/usr/bin/env node
/**
 * Runs exactly one service in this process (the split topology, one Deployment per service):
 *   node packages/api/dist/cli/service.js identity|catalog|gateway [--seed]
 * A domain service migrates its own schema (under the runner's advisory lock, so replicas may
 * start together) and seeds only with --seed. The gateway needs no database.
 */
import { catalogDomain } from '../catalog/index.js';
import { startGatewayFromEnv } from '../gateway/index.js';
import { identityDomain } from '../identity/index.js';
import { seedDemoData } from './demo-data.js';
import { createAccessTokenVerifier } from '../runtime/auth.js';
import { migrate, openDatabase } from '../runtime/bootstrap.js';
import type { DomainModule } from '../runtime/domain.js';
import { getEnvOrExit, jwksUrl } from '../runtime/env.js';
import { onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';
import { startService } from '../runtime/server.js';

const DOMAINS: Record<string, DomainModule> = { identity: identityDomain, catalog: catalogDomain };
/** Ends the pool (and an embedded PostgreSQL) when start-up fails half-way. */
let cleanupOnFailure: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const [name, ...flags] = process.argv.slice(2);
  if (!name || (name !== 'gateway' && !(name in DOMAINS))) {
    process.stderr.write('usage: service.js <identity|catalog|gateway> [--seed]\n');
    process.exit(2);
  }
  const env = getEnvOrExit();
  // Domain services get their `service` binding from startService.
  const logger = createLogger({ level: env.LOG_LEVEL, ...(name === 'gateway' ? { service: 'gateway' } : {}) });

  if (name === 'gateway') {
    const gateway = await startGatewayFromEnv({ logger, env });
    onShutdownSignal(logger, () => gateway.stop(env.SHUTDOWN_TIMEOUT_MS));
    return;
  }

  const domain = DOMAINS[name] as DomainModule;
  const database = await openDatabase(env, logger, { applicationName: `omnicart-${name}` });
  const running: { stop?: () => Promise<void> } = {};
  const shutdown = async () => {
    await running.stop?.();
    await database.close();
  };
  onShutdownSignal(logger, shutdown);
  cleanupOnFailure = shutdown;
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
    port: domain.name === 'identity' ? env.IDENTITY_PORT : env.CATALOG_PORT,
    host: env.HOST,
    pool: database.pool,
    logger,
    verifier: createAccessTokenVerifier({ jwksUrl: jwksUrl(env) }),
    slowRequestMs: env.SLOW_REQUEST_MS,
  });
  running.stop = () => service.stop(env.SHUTDOWN_TIMEOUT_MS);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await cleanupOnFailure?.().catch(() => undefined);
  process.exit(1);
});
