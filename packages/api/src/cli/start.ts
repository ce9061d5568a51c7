#!/usr/bin/env node
/**
 * `npm start`: the whole platform in one process, each service on its own port and talking to
 * the others over HTTP exactly as in the split topology. SERVICES=identity,catalog,gateway picks
 * a subset. Without DATABASE_URL an embedded PostgreSQL is started; migrations run and demo data
 * is seeded on first start.
 */
import { catalogDomain } from '../catalog/index.js';
import { startGatewayFromEnv, type Gateway } from '../gateway/index.js';
import { DEMO_ADMIN, DEMO_CUSTOMER, identityDomain } from '../identity/index.js';
import { seedDemoData } from './demo-data.js';
import { createLazyVerifier } from '../runtime/auth.js';
import { openDatabase, migrate, type Database } from '../runtime/bootstrap.js';
import type { DomainModule } from '../runtime/domain.js';
import { getEnvOrExit, jwksUrl } from '../runtime/env.js';
import { onShutdownSignal } from '../runtime/http.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';

const KNOWN = ['identity', 'catalog', 'gateway'] as const;
/** Stops whatever did start (e.g. the embedded PostgreSQL) when start-up fails half-way. */
let cleanupOnFailure: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const env = getEnvOrExit();
  const logger = createLogger({ level: env.LOG_LEVEL });
  const wanted = new Set(env.SERVICES);
  const unknown = [...wanted].filter((name) => !(KNOWN as readonly string[]).includes(name));
  if (unknown.length) {
    process.stderr.write(`Invalid environment:\n  - SERVICES: unknown service(s) ${unknown.join(', ')} (known: ${KNOWN.join(', ')})\n`);
    process.exit(1);
  }
  const domains: DomainModule[] = [identityDomain, catalogDomain].filter((d) => wanted.has(d.name));

  let database: Database | undefined;
  let services: RunningService | undefined;
  let gateway: Gateway | undefined;
  const shutdown = async () => {
    await gateway?.stop(env.SHUTDOWN_TIMEOUT_MS);
    await services?.stop(env.SHUTDOWN_TIMEOUT_MS);
    await database?.close();
  };
  onShutdownSignal(logger, shutdown);
  cleanupOnFailure = shutdown;

  if (domains.length) {
    const db = await openDatabase(env, logger, { applicationName: 'omnicart' });
    database = db;
    await migrate(db.pool, logger);
    const { catalogSeeded } = await seedDemoData(db.pool, {
      domains: [...wanted],
      adminPassword: env.OMNICART_ADMIN_PASSWORD,
      demoPassword: env.OMNICART_DEMO_PASSWORD,
      products: env.SEED_PRODUCTS,
    });
    if (catalogSeeded !== null) logger.info(catalogSeeded ? 'demo catalog seeded' : 'catalog already has data: not seeding');
    // Identity hosted here is asked at its actual address (IDENTITY_URL may describe another layout).
    let hosted: RunningService | undefined;
    const verifier = createLazyVerifier(() =>
      hosted?.domains.some((d) => d.name === 'identity') ? `${hosted.url('identity')}/.well-known/jwks.json` : jwksUrl(env),
    );
    services = hosted = await startService({
      domains,
      ports: { identity: env.IDENTITY_PORT, catalog: env.CATALOG_PORT },
      host: env.HOST,
      // Each domain gets its own pool, as it would as a separate service.
      pool: (name) => db.createPool(name),
      logger,
      verifier,
      slowRequestMs: env.SLOW_REQUEST_MS,
    });
  }
  if (wanted.has('gateway')) {
    // Upstreams hosted here are reached at their actual address; the others at *_URL.
    const local = (name: 'identity' | 'catalog', fallback: string) => (services?.domains.some((d) => d.name === name) ? services.url(name) : fallback);
    gateway = await startGatewayFromEnv({
      logger: logger.child({ service: 'gateway' }),
      env,
      upstreams: { identity: local('identity', env.IDENTITY_URL), catalog: local('catalog', env.CATALOG_URL) },
    });
  }

  const lines = ['', 'OmniCart is running.', ''];
  if (gateway) {
    lines.push(
      `  Gateway            ${gateway.url}`,
      `  REST API           ${gateway.url}/api/v1   (e.g. ${gateway.url}/api/v1/products)`,
      `  tRPC               ${gateway.url}/trpc/<domain>/<procedure>`,
      `  OpenAPI documents  data/docs/user_service_api.yaml, data/docs/product_service_api.yaml`,
      `  Metrics            ${gateway.url}/metrics   (health: /healthz, readiness: /readyz)`,
    );
  }
  for (const domain of services?.domains ?? []) lines.push(`  ${domain.name.padEnd(19)}${domain.url}   (/trpc, /api/v1, /healthz, /readyz, /metrics)`);
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
