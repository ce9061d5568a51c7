import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import type { RecommendationsSettings } from './config.js';
import { document } from './openapi.js';
import { createRecommendationsDb, createRecommendationsRepository } from './repository.js';
import { createRecommendationsRouter } from './router.js';
import { createRecommendationsService, type RecommendationsService } from './service.js';

/** Options for tests (none yet). */
export type RecommendationsModuleOptions = Record<string, never>;

/** Start wiring: what a process running recommendations serves. */
export function createRecommendationsModule(_options: RecommendationsModuleOptions = {}): DomainModule<RecommendationsSettings> {
  return {
    async start({ pool, logger, outboxWritten }) {
      const db = createRecommendationsDb(pool);
      const service = createRecommendationsService(createRecommendationsRepository(db), { outboxWritten });
      logger.info({ domain: 'recommendations' }, 'recommendations domain started');
      return { router: createRecommendationsRouter(service), stop: () => db.$disconnect() };
    },
    describeRouter: () => createRecommendationsRouter(metadataOnlyService<RecommendationsService>('recommendations')),
    openapi: document,
  };
}

export const domainModule = createRecommendationsModule();
