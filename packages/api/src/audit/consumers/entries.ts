import type { ConsumerHandlers } from '../../runtime/domain.js';
import type { AUDIT_SOURCES } from '../index.js';
import type { AuditRecordedEvent, AuditService } from '../service.js';

/**
 * Consumer `audit.entries`: every domain's `<domain>.audit_recorded` events become rows of the
 * append-only audit_entries read model. At-least-once delivery is fine: an entry is keyed by its
 * event id and a second delivery is skipped. Payloads arrive validated against their contract.
 */
export function entriesHandlers(service: Pick<AuditService, 'record'>): ConsumerHandlers<(typeof AUDIT_SOURCES)[number]> {
  return {
    async handle(event) {
      await service.record([event as AuditRecordedEvent]);
    },
    // Whatever is ready at once, in one statement (PostgreSQL bus); a throw retries each alone.
    async handleBatch(events) {
      if (events.length > 0) await service.record(events as AuditRecordedEvent[]);
    },
  };
}
