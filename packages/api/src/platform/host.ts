import type pg from 'pg';
import type { Logger } from 'pino';
import { migrateAll } from '@omnicart/db';
import type { EventBus } from '../events/index.js';
import type { AccessTokenVerifier } from '../runtime/auth.js';
import type { DemoSettings, DomainModule, LoadedDomain } from '../runtime/domain.js';
import { startService, type RunningService } from '../runtime/server.js';
import { configOf, serviceUrlFromEnv, type PlatformEnv } from './env.js';
import { DOMAINS, isDomainName, manifestsOf, type DomainName } from './registry.js';

/**
 * Running registered domains in a process: loading their modules, migrating their schemas,
 * seeding demo data, and hosting them on the runtime's service host with their settings.
 */

/** The modules of these domains (registry order); `modules` replaces some (tests pass options). */
export async function loadDomains(names: Iterable<string>, modules: Partial<Record<DomainName, DomainModule>> = {}): Promise<LoadedDomain[]> {
  return Promise.all(
    manifestsOf(names).map(async (manifest) => ({ manifest, module: (modules[manifest.name] ?? (await manifest.load())) as DomainModule })),
  );
}

/** Every registered domain's schema, plus the PostgreSQL bus's own (`events`) when `bus` is true. */
export function schemasOf(names: Iterable<string>, bus: boolean): string[] {
  return [...manifestsOf(names).map((domain) => domain.name), ...(bus ? ['events'] : [])];
}

/** Migrates these domains' schemas (under the runner's advisory lock: replicas may start together). */
export async function migrate(pool: pg.Pool, logger: Logger, schemas: readonly string[] = schemasOf(DOMAINS.map((d) => d.name), true)): Promise<void> {
  const results = await migrateAll(pool, schemas, { log: (message) => logger.info(message) });
  const applied = results.flatMap((r) => r.applied.map((name) => `${r.domain}/${name}`));
  logger.info({ applied: applied.length, domains: results.map((r) => r.domain) }, applied.length ? 'migrations applied' : 'database schema up to date');
}

/** The demo settings from the environment (demo accounts' passwords, catalog size). */
export const demoSettings = (env: PlatformEnv, products?: number, options: { history?: boolean } = {}): DemoSettings => ({
  adminPassword: env.OMNICART_ADMIN_PASSWORD,
  demoPassword: env.OMNICART_DEMO_PASSWORD,
  products: products ?? env.SEED_PRODUCTS,
  history: (options.history ?? false) && env.DEMO_HISTORY,
  timeZone: env.STORE_TIMEZONE,
});

/**
 * The demo data of these domains, in registry order (inventory's stock follows the catalog's
 * products). Idempotent: each domain seeds only what is missing. Resolves to what each wrote.
 */
export async function seedDemoData(pool: pg.Pool, names: Iterable<string>, demo: DemoSettings): Promise<Partial<Record<DomainName, boolean>>> {
  const seeded: Partial<Record<DomainName, boolean>> = {};
  for (const manifest of manifestsOf(names)) {
    const module = await manifest.load();
    if (module.seed) seeded[manifest.name] = await module.seed(pool, demo);
  }
  return seeded;
}

export interface HostOptions {
  domains: LoadedDomain[];
  env: PlatformEnv;
  /** One pool for every hosted domain, or a pool per domain (as separate services would have). */
  pool: pg.Pool | ((domain: string) => pg.Pool);
  logger: Logger;
  verifier: AccessTokenVerifier;
  host?: string;
  /** Port when one domain is hosted. */
  port?: number;
  /** Port per domain when several are hosted (missing → ephemeral). */
  ports?: Partial<Record<string, number>>;
  /** Where domains this process does not host are (default: their <NAME>_URL). */
  serviceUrls?: Partial<Record<DomainName, string>>;
  events?: EventBus;
}

/** Hosts loaded domains with their settings from the platform env. */
export function hostDomains(options: HostOptions): Promise<RunningService> {
  const { env } = options;
  return startService({
    domains: options.domains,
    pool: options.pool,
    logger: options.logger,
    verifier: options.verifier,
    slowRequestMs: env.SLOW_REQUEST_MS,
    env,
    host: options.host ?? env.HOST,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.ports ? { ports: options.ports } : {}),
    ...(options.events ? { events: options.events } : {}),
    configOf: (name) => configOf(DOMAINS.find((domain) => domain.name === name) ?? { config: { schema: { shape: {} } } as never }, env),
    serviceUrl: (name) => {
      if (!isDomainName(name)) throw new Error(`No domain ${name} in the registry`);
      return options.serviceUrls?.[name] ?? serviceUrlFromEnv(name, env);
    },
  });
}
