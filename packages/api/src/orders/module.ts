import { metadataOnlyService, type DomainDeps, type DomainModule} from '../runtime/domain.js';
import { createCatalogPrices } from './catalog-prices.js';
import { createServiceDependencies, type OrdersDependencies } from './clients.js';
import type { OrdersSettings } from './config.js';
import { paymentEventHandlers } from './consumers/payment-events.js';
import { createCrashSwitch } from './fault.js';
import { createGuestTokens, guestTokenSecret } from './guest.js';
import { PAYMENTS_CONSUMER, RECOVERY_JOB } from './index.js';
import { recoveryJob } from './jobs/recovery.js';
import { document } from './openapi.js';
import { pricingRulesFromEnv } from './pricing.js';
import { createOrdersRepository } from './repository.js';
import { createOrdersRouter } from './router.js';
import { createOrdersService, type OrdersService } from './service.js';
import { createStoreSettings } from './settings.js';

export interface OrdersModuleOptions {
  /** Replaces the service clients (e.g. fakes in tests). */
  dependencies?: (deps: DomainDeps<OrdersSettings>) => OrdersDependencies;
  /** Run the recovery job (default true). */
  recovery?: boolean;
}

/** Orders with non-default options. */
export function createOrdersModule(options: OrdersModuleOptions = {}): DomainModule<OrdersSettings> {
  return {
    async start(deps) {
      const { pool, logger, env, config } = deps;
      // STORE_TIMEZONE passed the Intl check with the environment; PostgreSQL must know it too (its AT TIME ZONE computes the days).
      await pool.query('SELECT now() AT TIME ZONE $1::text', [config.STORE_TIMEZONE]).catch((error: unknown) => {
        // 22023: time zone "…" not recognized. Anything else (the database unreachable) is what it is.
        if ((error as { code?: string }).code !== '22023') throw error;
        throw new Error(`STORE_TIMEZONE: PostgreSQL does not know the time zone "${config.STORE_TIMEZONE}"`, { cause: error });
      });
      const repository = createOrdersRepository(pool);
      const dependencies = options.dependencies?.(deps) ?? createServiceDependencies(deps);
      // Checkout's prices from memory, revalidated by the catalog's change feed (catalog-prices.ts).
      const prices =
        dependencies.catalogFeed && config.ORDERS_CATALOG_POLL_MS > 0
          ? createCatalogPrices({ pricing: dependencies.pricing, feed: dependencies.catalogFeed, pollMs: config.ORDERS_CATALOG_POLL_MS, logger })
          : undefined;
      prices?.start();
      const rules = pricingRulesFromEnv(config);
      // The environment's store settings are the defaults until staff save their own (settings.ts).
      const settings = createStoreSettings({
        pool,
        defaults: { storeName: config.STORE_NAME, timeZone: config.STORE_TIMEZONE, rules },
        cacheMs: config.ORDERS_SETTINGS_CACHE_MS,
        outboxWritten: deps.outboxWritten,
      });
      const service = createOrdersService({
        repository,
        deps: dependencies,
        rules,
        settings,
        logger,
        crash: createCrashSwitch({ NODE_ENV: env.NODE_ENV, ORDERS_CRASH_AT: config.ORDERS_CRASH_AT }),
        guestTokens: createGuestTokens(guestTokenSecret({ ORDERS_GUEST_TOKEN_SECRET: config.ORDERS_GUEST_TOKEN_SECRET, SERVICE_TOKEN: env.SERVICE_TOKEN })),
        outboxWritten: deps.outboxWritten,
        // A retry waiting for its key's first request answers (409, retry later) before the gateway gives up on it,
        // and no later than a first request would (its calls have deadlines: see ORDERS_*_TIMEOUT_MS).
        inFlightWaitMs: Math.max(1_000, Math.min(env.UPSTREAM_TIMEOUT_MS - 1_000, 4_000)),
        // Well after a timed-out reserve could still land in inventory.
        releaseAgainAfterMs: Math.max(5_000, config.ORDERS_CALL_TIMEOUT_MS * 3),
        ...(prices ? { prices } : {}),
        storeTimeZone: config.STORE_TIMEZONE,
        checkoutRateLimit:
          config.ORDERS_CHECKOUT_RATE_LIMIT > 0 ? { max: config.ORDERS_CHECKOUT_RATE_LIMIT, windowSeconds: config.ORDERS_CHECKOUT_RATE_WINDOW_SECONDS } : null,
      });
      logger.info({ domain: 'orders' }, 'orders domain started');
      return {
        router: createOrdersRouter(service),
        consumers: { [PAYMENTS_CONSUMER]: paymentEventHandlers({ repository, service, deps: dependencies, logger }) },
        jobs: {
          [RECOVERY_JOB]: recoveryJob({
            repository,
            service,
            deps: dependencies,
            logger,
            intervalMs: options.recovery === false ? 0 : config.ORDERS_RECOVERY_INTERVAL_MS,
            staleAfterMs: config.ORDERS_RECOVERY_AFTER_MS,
            abandonAfterMs: Math.max(config.ORDERS_RECOVERY_AFTER_MS, env.SERVICE_CALL_TIMEOUT_MS * 2),
            reservationTtlMs: config.RESERVATION_TTL_SECONDS * 1000,
          }),
        },
        stop: async () => prices?.stop(),
      };
    },
    describeRouter: () => createOrdersRouter(metadataOnlyService<OrdersService>('orders')),
    openapi: document,
  };
}

export const domainModule = createOrdersModule();

