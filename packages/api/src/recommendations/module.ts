import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import { createModelBuilder } from './builder.js';
import { createCatalogFeed, type CatalogFeed } from './clients.js';
import type { RecommendationsSettings } from './config.js';
import { catalogHandlers } from './consumers/catalog.js';
import { interactionsHandlers } from './consumers/interactions.js';
import { ordersHandlers } from './consumers/orders.js';
import { CATALOG_CONSUMER, INTERACTIONS_CONSUMER, ORDERS_CONSUMER, REBUILD_JOB, REFRESHER_JOB } from './index.js';
import { rebuildJob } from './jobs/rebuild.js';
import { refresherJob } from './jobs/refresher.js';
import { document } from './openapi.js';
import { seedRecommendationsHistory } from './seed.js';
import { createRecommendationsRepository } from './repository.js';
import { createRecommendationsRouter } from './router.js';
import { createRecommendationsService, type RecommendationsService } from './service.js';

/** Options for tests: another catalog feed. */
export interface RecommendationsModuleOptions {
  catalog?: CatalogFeed;
}

/** Start wiring: what a process running recommendations serves. */
export function createRecommendationsModule(options: RecommendationsModuleOptions = {}): DomainModule<RecommendationsSettings> {
  return {
    async start({ pool, logger, config, client }) {
      const repository = createRecommendationsRepository(pool);
      const builder = createModelBuilder({
        repository,
        settings: { minSupport: config.RECS_MIN_SUPPORT, trendingHalfLifeDays: config.RECS_TRENDING_HALF_LIFE_DAYS, halfLifeDays: config.RECS_HALF_LIFE_DAYS },
        catalog: options.catalog ?? createCatalogFeed({ client }),
        logger: logger.child({ domain: 'recommendations' }),
      });
      const service = createRecommendationsService(repository, { consumableSlugs: config.RECS_CONSUMABLE_CATEGORIES, halfLifeDays: config.RECS_HALF_LIFE_DAYS });
      logger.info({ domain: 'recommendations', refreshMs: config.RECS_REFRESH_EVERY, rebuildMs: config.RECS_REBUILD_EVERY }, 'recommendations domain started');
      return {
        router: createRecommendationsRouter(service),
        consumers: {
          [ORDERS_CONSUMER]: ordersHandlers(repository, ORDERS_CONSUMER),
          [INTERACTIONS_CONSUMER]: interactionsHandlers(repository, INTERACTIONS_CONSUMER),
          [CATALOG_CONSUMER]: catalogHandlers(repository, CATALOG_CONSUMER),
        },
        jobs: {
          [REFRESHER_JOB]: refresherJob(builder, config.RECS_REFRESH_EVERY),
          [REBUILD_JOB]: rebuildJob(builder, config.RECS_REBUILD_EVERY),
        },
      };
    },
    describeRouter: () => createRecommendationsRouter(metadataOnlyService<RecommendationsService>('recommendations')),
    openapi: document,
    // The demo history (npm start only: DemoSettings.history): shelves and reports with something to show.
    seed: seedRecommendationsHistory,
  };
}

export const domainModule = createRecommendationsModule();
