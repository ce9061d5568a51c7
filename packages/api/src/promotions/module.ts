import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import { createCategoryTree, type CategoryTree } from './clients.js';
import type { PromotionsSettings } from './config.js';
import { orderEventHandlers } from './consumers/orders.js';
import { ORDERS_CONSUMER } from './index.js';
import { document } from './openapi.js';
import { createPromotionsRepository } from './repository.js';
import { createPromotionsRouter } from './router.js';
import { seedPromotions } from './seed.js';
import { createPromotionsService, type PromotionsService } from './service.js';

export interface PromotionsModuleOptions {
  /** Replaces the catalog's category tree (tests). */
  categories?: CategoryTree;
}

/** Start wiring: what a process running promotions serves. */
export function createPromotionsModule(options: PromotionsModuleOptions = {}): DomainModule<PromotionsSettings> {
  return {
    async start(deps) {
      const { pool, logger, config } = deps;
      const service = createPromotionsService({
        repository: createPromotionsRepository(pool),
        categories: options.categories ?? createCategoryTree(deps, config.PROMOTIONS_CATEGORY_CACHE_MS),
        storeTimeZone: config.STORE_TIMEZONE,
        logger,
        outboxWritten: deps.outboxWritten,
      });
      logger.info({ domain: 'promotions' }, 'promotions domain started');
      return { router: createPromotionsRouter(service), consumers: { [ORDERS_CONSUMER]: orderEventHandlers(service) } };
    },
    seed: (pool) => seedPromotions(pool),
    describeRouter: () => createPromotionsRouter(metadataOnlyService<PromotionsService>('promotions')),
    openapi: document,
  };
}

export const domainModule = createPromotionsModule();
