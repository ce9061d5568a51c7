import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import type { AnalyticsSettings } from './config.js';
import { document } from './openapi.js';
import { createAnalyticsDb, createAnalyticsRepository } from './repository.js';
import { createAnalyticsRouter } from './router.js';
import { createAnalyticsService, type AnalyticsService } from './service.js';

/** Options for tests (none yet). */
export type AnalyticsModuleOptions = Record<string, never>;

/** Start wiring: what a process running analytics serves. */
export function createAnalyticsModule(_options: AnalyticsModuleOptions = {}): DomainModule<AnalyticsSettings> {
  return {
    async start({ pool, logger, outboxWritten }) {
      const db = createAnalyticsDb(pool);
      const service = createAnalyticsService(createAnalyticsRepository(db), { outboxWritten });
      logger.info({ domain: 'analytics' }, 'analytics domain started');
      return { router: createAnalyticsRouter(service), stop: () => db.$disconnect() };
    },
    describeRouter: () => createAnalyticsRouter(metadataOnlyService<AnalyticsService>('analytics')),
    openapi: document,
  };
}

export const domainModule = createAnalyticsModule();
