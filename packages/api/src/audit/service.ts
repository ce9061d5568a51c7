import type { AuditRecorded, EventEnvelope } from '@omnicart/contracts';
import { dateBound as bound } from '../runtime/date-bounds.js';
import { DomainError } from '../runtime/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../runtime/keyset-cursor.js';
import type { AuditExportKey, AuditFilter, AuditRepository, NewAuditEntry } from './repository.js';
import type { AuditExportPage, AuditPage, EntityHistoryInput, ExportAuditInput, ListAuditInput } from './schemas.js';

/** One `<domain>.audit_recorded` delivery, validated against its contract (the consumer's input). */
export type AuditRecordedEvent = EventEnvelope & { data: AuditRecorded };

/** The list's filters from its input; a bad date or range is a 400. */
function listFilter(input: Omit<ListAuditInput, 'page' | 'pageSize'>): Omit<AuditFilter, 'offset' | 'limit'> {
  const from = bound(input.from, 'from');
  const toExclusive = bound(input.to, 'to');
  if (from && toExclusive && from >= toExclusive) throw new DomainError('VALIDATION_FAILED', 'from: must be before to');
  return {
    actorId: input.actorId || null,
    actorEmail: input.actorEmail ? input.actorEmail.toLowerCase() : null,
    entityType: input.entityType ?? null,
    entityId: input.entityId || null,
    from,
    toExclusive,
  };
}

/** The export's only order, named in its cursors (runtime/keyset-cursor.ts). */
const EXPORT_SORT = 'occurred_desc';

export function encodeAuditCursor(entry: { occurredAt: string; id: string }): string {
  return encodeKeysetCursor(EXPORT_SORT, [entry.occurredAt, entry.id]);
}

/** @throws DomainError VALIDATION_FAILED for a tampered cursor (or another sort's). */
export function decodeAuditCursor(cursor: string): AuditExportKey {
  const [occurredAt, id] = decodeKeysetCursor(cursor, EXPORT_SORT, ['timestamp', 'uuid']);
  return { occurredAt: new Date(occurredAt), id };
}

/** The entry an event carries: the envelope says who, when and which domain; the payload the rest. */
export function entryOf(event: AuditRecordedEvent): NewAuditEntry {
  return {
    id: event.id,
    occurredAt: new Date(event.occurredAt),
    domain: event.source,
    entityType: event.data.entityType,
    entityId: event.data.entityId,
    action: event.data.action,
    label: event.data.label,
    changes: event.data.changes,
    actorType: event.actor?.type ?? null,
    actorId: event.actor?.id ?? null,
    actorEmail: event.data.actorEmail?.toLowerCase() ?? null,
    requestId: event.data.requestId,
  };
}

/** The logic of the audit log, framework-free: keep what the domains record, answer reads. Nothing edits an entry. */
export function createAuditService(repository: AuditRepository) {
  async function page(filter: Omit<AuditFilter, 'offset' | 'limit'>, pageNumber: number, pageSize: number): Promise<AuditPage> {
    const { items, total } = await repository.list({ ...filter, offset: (pageNumber - 1) * pageSize, limit: pageSize });
    return { items, total, page: pageNumber, pageSize };
  }

  return {
    /** Stores the entries of audit_recorded events, each once however often it is delivered. */
    async record(events: readonly AuditRecordedEvent[]): Promise<number> {
      return repository.record(events.map(entryOf));
    },

    /** GET /audit: filtered by actor, entity and date, newest first, with the total. */
    async list(input: ListAuditInput): Promise<AuditPage> {
      return page(listFilter(input), input.page, input.pageSize);
    },

    /** GET /audit/export: the list's filters, newest first, in keyset pages (the admin's CSV export). */
    async exportPage(input: ExportAuditInput): Promise<AuditExportPage> {
      const filter = listFilter(input);
      const after = input.after ? decodeAuditCursor(input.after) : null;
      const items = await repository.exportPage(filter, after, input.limit);
      const last = items.at(-1);
      return { items, nextCursor: last && items.length === input.limit ? encodeAuditCursor(last) : null };
    },

    /** GET /audit/entities/{entityType}/{entityId}: one entity's history, newest first. */
    async forEntity(input: EntityHistoryInput): Promise<AuditPage> {
      return page({ actorId: null, actorEmail: null, entityType: input.entityType, entityId: input.entityId, from: null, toExclusive: null }, input.page, input.pageSize);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
