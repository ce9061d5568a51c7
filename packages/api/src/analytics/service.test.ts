import { describe, expect, it } from 'vitest';
import { checkEventData } from '@omnicart/contracts';
import type { OutboxEventRow } from '../events/index.js';
import { authUserFor } from '../runtime/auth.js';
import { itemCreated } from './events.js';
import type { AnalyticsRepository } from './repository.js';
import type { ItemDto } from './schemas.js';
import { createAnalyticsService } from './service.js';

const USER = authUserFor({ id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', email: 'jane@example.com', role: 'customer' });

function fakeRepository() {
  const written: Array<{ item: ItemDto; events: OutboxEventRow[] }> = [];
  const repository: AnalyticsRepository = {
    async create(item, events) {
      written.push({ item, events });
      return item;
    },
  };
  return { repository, written };
}

describe('analytics service', () => {
  it('creates a item and hands the repository its analytics.item_created event to write with it', async () => {
    const { repository, written } = fakeRepository();
    let kicks = 0;
    const service = createAnalyticsService(repository, { outboxWritten: () => kicks++, now: () => new Date('2026-01-15T09:30:00.000Z') });
    const created = await service.create(USER, { name: 'First item' });
    expect(created).toMatchObject({ name: 'First item', createdAt: '2026-01-15T09:30:00.000Z' });
    expect(written).toHaveLength(1);
    const [event] = written[0]!.events;
    expect(event).toMatchObject({ type: 'analytics.item_created', version: 1, aggregateId: created.id, actor: { type: 'user', id: USER.id } });
    expect(checkEventData(itemCreated, event!.payload).ok).toBe(true);
    expect(kicks).toBe(1);
  });
});
