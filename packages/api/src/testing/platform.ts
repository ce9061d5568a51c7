import type pg from 'pg';
import { migrateAll } from '@omnicart/db';
import { createTestDatabase } from '@omnicart/db/testing';
import type { Gateway } from '../gateway/index.js';
import { configureEnv, demoSettings, hostDomains, identitySessionStates, loadDomains, schemasOf, seedDemoData, startGateway, type DomainName } from '../platform/index.js';
import { createAccessTokenVerifier, createLazyVerifier } from '../runtime/auth.js';
import { createLogger } from '../runtime/logger.js';
import type { RunningService } from '../runtime/server.js';

/**
 * The whole platform for integration tests: a throwaway database (migrated, demo accounts,
 * catalog seeded), identity and catalog on ephemeral ports, and the gateway in front of them —
 * the same code `npm start` runs, in this process.
 */
export interface TestPlatform {
  gatewayUrl: string;
  identityUrl: string;
  catalogUrl: string;
  databaseUrl: string;
  /** A pool on the test database (for assertions that look at rows). */
  pool: pg.Pool;
  stop(): Promise<void>;
}

export interface TestPlatformOptions {
  /** Products to seed (default 300 for speed; `npm start` seeds 2,400). */
  catalogProducts?: number;
  /** Environment overrides the services see (e.g. { RATE_LIMIT_BURST: '5' }). */
  env?: Record<string, string>;
  /**
   * The domains to host (default identity and catalog), all in this process behind the gateway;
   * `DOMAIN_NAMES` for the whole API (payments then needs no Stripe until something is charged).
   */
  domains?: readonly DomainName[];
  /** Seed the demo history as `npm start` does (analytics' sessions and sales, recommendations' purchases). */
  demoHistory?: boolean;
}

export async function startTestPlatform(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  // Tests come from loopback: unlike `npm start`, the platform rate-limits loopback callers too,
  // so a test that sets a small RATE_LIMIT_* sees it applied.
  const env = configureEnv(opts.env, { LOG_LEVEL: 'silent', RATE_LIMIT_EXEMPT_LOOPBACK: 'false' });
  const logger = createLogger({ level: env.LOG_LEVEL });
  const db = await createTestDatabase('omnicart_platform', { poolMax: env.DB_POOL_MAX });
  let services: RunningService | undefined;
  let gateway: Gateway | undefined;
  try {
    const names: string[] = [...(opts.domains ?? ['identity', 'catalog'])];
    await migrateAll(db.pool, schemasOf(names, true));
    await seedDemoData(db.pool, names, demoSettings(env, opts.catalogProducts ?? 300, { history: opts.demoHistory ?? false }));

    let jwksUrl = '';
    let identityBase = '';
    // As in production: the services and the gateway each check tokens' session epochs with identity.
    const sessions = (caller: string) =>
      identitySessionStates({ identityUrl: () => identityBase, serviceToken: env.SERVICE_TOKEN, caller, ttlMs: env.SESSION_CACHE_TTL_MS });
    const domains = await loadDomains(names);
    services = await hostDomains({
      domains,
      env,
      host: '127.0.0.1',
      pool: db.pool,
      logger,
      verifier: createLazyVerifier(() => jwksUrl, { sessions: sessions('services') }),
    });
    const hosted = services;
    const identityUrl = services.url('identity');
    const catalogUrl = services.url('catalog');
    jwksUrl = `${identityUrl}/.well-known/jwks.json`;
    identityBase = identityUrl;
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      logger: logger.child({ service: 'gateway' }),
      upstreams: Object.fromEntries(names.map((name) => [name, hosted.url(name)])),
      // This process loads the domains anyway: the gateway gets their routers, so access rules are known before any call.
      routers: Object.fromEntries(domains.map(({ manifest, module }) => [manifest.name, module.describeRouter()])),
      verifier: createAccessTokenVerifier({ jwksUrl }, { sessions: sessions('gateway') }),
      corsOrigins: env.CORS_ORIGINS,
      rateLimit: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST },
      rateLimitExemptLoopback: env.RATE_LIMIT_EXEMPT_LOOPBACK,
      trustProxy: env.TRUST_PROXY,
      trustedProxies: env.TRUSTED_PROXIES,
      serviceToken: env.SERVICE_TOKEN,
      upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
      responseCache: { maxEntries: env.GATEWAY_CACHE_MAX_ENTRIES },
    });
    const started = { services, gateway };
    let stopped: Promise<void> | undefined;
    return {
      gatewayUrl: gateway.url,
      identityUrl,
      catalogUrl,
      databaseUrl: db.url,
      pool: db.pool,
      stop() {
        stopped ??= (async () => {
          await started.gateway.stop(2_000);
          await started.services.stop(2_000);
          await db.drop();
          configureEnv({});
        })();
        return stopped;
      },
    };
  } catch (error) {
    await gateway?.stop(500).catch(() => undefined);
    await services?.stop(500).catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw error;
  }
}
