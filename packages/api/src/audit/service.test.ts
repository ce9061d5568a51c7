import { describe, expect, it } from 'vitest';
import { DomainError } from '../runtime/errors.js';
import type { AuditExportKey, AuditFilter, AuditRepository, NewAuditEntry } from './repository.js';
import type { AuditEntryDto } from './schemas.js';
import { createAuditService, decodeAuditCursor, encodeAuditCursor, entryOf, type AuditRecordedEvent } from './service.js';

function fakeRepository(exported: AuditEntryDto[] = []) {
  const filters: AuditFilter[] = [];
  const recorded: NewAuditEntry[] = [];
  const exports: { after: AuditExportKey | null; take: number }[] = [];
  const repository: AuditRepository = {
    async record(entries) {
      recorded.push(...entries);
      return entries.length;
    },
    async list(filter) {
      filters.push(filter);
      return { items: [], total: 0 };
    },
    async exportPage(_filter, after, take) {
      exports.push({ after, take });
      return exported.slice(0, take);
    },
  };
  return { repository, filters, recorded, exports };
}

const event: AuditRecordedEvent = {
  id: '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87',
  type: 'inventory.audit_recorded',
  version: 1,
  source: 'inventory',
  occurredAt: '2026-12-07T14:05:09.120Z',
  aggregateId: 'HPH-00001',
  actor: { type: 'user', id: '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f' },
  traceparent: null,
  tracestate: null,
  data: {
    entityType: 'stock',
    entityId: 'HPH-00001',
    action: 'stock_set',
    label: 'HPH-00001',
    changes: [{ field: 'onHand', before: 3, after: 10 }],
    actorEmail: 'Admin@OmniCart.test',
    requestId: 'req-1',
  },
};

describe('audit service', () => {
  it('reads an entry off its event: who from the envelope, the e-mail lower-cased, the source as its domain', () => {
    expect(entryOf(event)).toEqual({
      id: event.id,
      occurredAt: new Date('2026-12-07T14:05:09.120Z'),
      domain: 'inventory',
      entityType: 'stock',
      entityId: 'HPH-00001',
      action: 'stock_set',
      label: 'HPH-00001',
      changes: [{ field: 'onHand', before: 3, after: 10 }],
      actorType: 'user',
      actorId: '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f',
      actorEmail: 'admin@omnicart.test',
      requestId: 'req-1',
    });
  });

  it('turns a day filter into the whole day (UTC) and an instant `to` into an inclusive bound', async () => {
    const { repository, filters } = fakeRepository();
    const service = createAuditService(repository);
    await service.list({ from: '2026-12-01', to: '2026-12-07', actorEmail: 'Admin@OmniCart.test', page: 3, pageSize: 10 });
    expect(filters[0]).toMatchObject({
      from: new Date('2026-12-01T00:00:00.000Z'),
      toExclusive: new Date('2026-12-08T00:00:00.000Z'),
      actorEmail: 'admin@omnicart.test',
      offset: 20,
      limit: 10,
    });
    await service.list({ to: '2026-12-07T10:00:00.000Z', page: 1, pageSize: 20 });
    expect(filters[1]!.toExclusive).toEqual(new Date('2026-12-07T10:00:00.001Z'));
  });

  it('refuses a bound that is neither a day nor a timestamp, a day that does not exist and an empty range (400)', async () => {
    const service = createAuditService(fakeRepository().repository);
    for (const input of [{ from: 'yesterday' }, { to: '2026-02-30' }, { from: '2026-12-08', to: '2026-12-07' }]) {
      const error = await service.list({ ...input, page: 1, pageSize: 20 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('continues the export after the cursor’s entry and gives the next cursor only for a full page', async () => {
    const entry = (id: string, occurredAt: string) => ({ id, occurredAt }) as AuditEntryDto;
    const rows = [entry('0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87', '2026-12-07T14:05:09.120Z'), entry('0193b7a4-6d1f-7a20-8b5c-4d2e3f1a0b98', '2026-12-07T14:02:41.530Z')];
    const { repository, exports } = fakeRepository(rows);
    const service = createAuditService(repository);
    const first = await service.exportPage({ limit: 2 });
    expect(first.nextCursor).toBe(encodeAuditCursor(rows[1]!));
    expect(decodeAuditCursor(first.nextCursor!)).toEqual({ occurredAt: new Date('2026-12-07T14:02:41.530Z'), id: rows[1]!.id });
    const last = await service.exportPage({ limit: 3, after: first.nextCursor! });
    expect(exports[1]).toEqual({ after: { occurredAt: new Date('2026-12-07T14:02:41.530Z'), id: rows[1]!.id }, take: 3 });
    expect(last.nextCursor).toBeNull();
    const error = await service.exportPage({ limit: 2, after: 'bm90LWEtY3Vyc29y' }).catch((caught: unknown) => caught);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
  });
});
