import { randomUUID } from 'node:crypto';
import { outboxEvent } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { itemCreated } from './events.js';
import type { AnalyticsRepository } from './repository.js';
import type { CreateItemInput, ItemDto } from './schemas.js';

export interface AnalyticsServiceOptions {
  /** Called after a commit that wrote outbox rows (the relay publishes them soon). */
  outboxWritten?: () => void;
  now?: () => Date;
}

/** The logic of analytics, framework-free (throws DomainError; never builds HTTP answers). */
export function createAnalyticsService(repository: AnalyticsRepository, options: AnalyticsServiceOptions = {}) {
  const outboxWritten = options.outboxWritten ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  return {
    /** A new item, and the event announcing it, in one transaction. */
    async create(actor: AuthUser, input: CreateItemInput): Promise<ItemDto> {
      const id = randomUUID();
      const createdAt = now().toISOString();
      const created = outboxEvent(itemCreated, { itemId: id, name: input.name, createdAt }, { actor: { type: 'user', id: actor.id } });
      const item = await repository.create({ id, ...input, createdAt }, [created]);
      outboxWritten();
      return item;
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
