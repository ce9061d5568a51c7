import { describe, expect, it } from 'vitest';
import { DomainError } from '../runtime/errors.js';
import type { AuditFilter, AuditRepository, NewAuditEntry } from './repository.js';
import { createAuditService, entryOf, type AuditRecordedEvent } from './service.js';

function fakeRepository() {
  const filters: AuditFilter[] = [];
  const recorded: NewAuditEntry[] = [];
  const repository: AuditRepository = {
    async record(entries) {
      recorded.push(...entries);
      return entries.length;
    },
    async list(filter) {
      filters.push(filter);
      return { items: [], total: 0 };
    },
  };
  return { repository, filters, recorded };
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
});
