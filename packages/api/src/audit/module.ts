import { pino } from 'pino';
import { createDeadLetterStore, type DeadLetterStore } from '../events/index.js';
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
    async start({ pool, logger, env }) {
      const db = createAuditDb(pool);
      const service = createAuditService(createAuditRepository(db));
      // The dead letters of whichever bus the platform runs (the same env as the runtime's bus).
      const deadLetters = await createDeadLetterStore({ pool, rabbitmqUrl: env.RABBITMQ_URL, namespace: env.EVENTS_NAMESPACE });
      logger.info({ domain: 'audit' }, 'audit domain started');
      return {
        router: createAuditRouter(service, deadLetters, logger),
        // The read model follows every domain's audit_recorded events.
        consumers: { [ENTRIES_CONSUMER]: entriesHandlers(service) },
        stop: async () => {
          await deadLetters.close();
          await db.$disconnect();
        },
      };
    },
    describeRouter: () => createAuditRouter(metadataOnlyService<AuditService>('audit'), metadataOnlyService<DeadLetterStore>('audit'), pino({ enabled: false })),
    openapi: document,
  };
}

export const domainModule = createAuditModule();
