import { metadataOnlyService, type DomainModule } from '../runtime/domain.js';
import type { AuditSettings } from './config.js';
import { entriesHandlers } from './consumers/entries.js';
import { ENTRIES_CONSUMER } from './index.js';
import { document } from './openapi.js';
import { createAuditDb, createAuditRepository } from './repository.js';
import { createAuditRouter } from './router.js';
import { createAuditService, type AuditService } from './service.js';

/** Options for tests (none yet). */
export type AuditModuleOptions = Record<string, never>;

/** Start wiring: what a process running audit serves. */
export function createAuditModule(_options: AuditModuleOptions = {}): DomainModule<AuditSettings> {
  return {
    async start({ pool, logger }) {
      const db = createAuditDb(pool);
      const service = createAuditService(createAuditRepository(db));
      logger.info({ domain: 'audit' }, 'audit domain started');
      return {
        router: createAuditRouter(service),
        // The read model follows every domain's audit_recorded events.
        consumers: { [ENTRIES_CONSUMER]: entriesHandlers(service) },
        stop: () => db.$disconnect(),
      };
    },
    describeRouter: () => createAuditRouter(metadataOnlyService<AuditService>('audit')),
    openapi: document,
  };
}

export const domainModule = createAuditModule();
