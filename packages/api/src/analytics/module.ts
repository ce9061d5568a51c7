import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import { createCatalogLookup, type CatalogLookup } from './clients.js';
import type { AnalyticsSettings } from './config.js';
import { catalogHandlers } from './consumers/catalog.js';
import { ordersHandlers } from './consumers/orders.js';
import { CATALOG_CONSUMER, ORDERS_CONSUMER, PARTITIONS_JOB } from './index.js';
import { partitionsJob } from './jobs/partitions.js';
import { document } from './openapi.js';
import { seedAnalyticsHistory } from './seed.js';
import { createAnalyticsRepository } from './repository.js';
import { createAnalyticsRouter } from './router.js';
import { createAnalyticsService, type AnalyticsService } from './service.js';

/** Options for tests: another catalog, another clock. */
export interface AnalyticsModuleOptions {
  catalog?: CatalogLookup;
  now?: () => Date;
}

/** Start wiring: what a process running analytics serves. */
export function createAnalyticsModule(options: AnalyticsModuleOptions = {}): DomainModule<AnalyticsSettings> {
  return {
    async start({ pool, logger, config, client, outboxWritten }) {
      const service = createAnalyticsService(createAnalyticsRepository(pool), {
        timeZone: config.STORE_TIMEZONE,
        retentionMonths: config.ANALYTICS_RETENTION_MONTHS,
        catalog: options.catalog ?? createCatalogLookup({ client }),
        outboxWritten,
        ...(options.now ? { now: options.now } : {}),
      });
      logger.info({ domain: 'analytics', timeZone: config.STORE_TIMEZONE, retentionMonths: config.ANALYTICS_RETENTION_MONTHS }, 'analytics domain started');
      return {
        router: createAnalyticsRouter(service),
        consumers: { [ORDERS_CONSUMER]: ordersHandlers(service), [CATALOG_CONSUMER]: catalogHandlers(service) },
        jobs: { [PARTITIONS_JOB]: partitionsJob(service, config.ANALYTICS_PARTITIONS_CHECK_MS) },
      };
    },
    describeRouter: () => createAnalyticsRouter(metadataOnlyService<AnalyticsService>('analytics')),
    openapi: document,
    // The demo history (npm start only: DemoSettings.history): shelves and reports with something to show.
    seed: seedAnalyticsHistory,
  };
}

export const domainModule = createAnalyticsModule();
