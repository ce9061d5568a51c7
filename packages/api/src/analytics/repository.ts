import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { PrismaClient } from '@omnicart/db/analytics';
import { outboxRowData, type OutboxEventRow } from '../events/index.js';
import type { ItemDto } from './schemas.js';

/** The only code that touches analytics's tables (schema "analytics"). Everything it returns is a plain DTO. */

export type AnalyticsDb = PrismaClient;

/** The Prisma client of analytics on the shared pool, bound to the `analytics` schema. */
export function createAnalyticsDb(pool: pg.Pool): AnalyticsDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'analytics') });
}

export function createAnalyticsRepository(db: AnalyticsDb) {
  return {
    /** The item and the events announcing it, in one transaction. */
    async create(item: ItemDto, events: OutboxEventRow[]): Promise<ItemDto> {
      const [row] = await db.$transaction([
        db.item.create({ data: { ...item, createdAt: new Date(item.createdAt) } }),
        db.outboxEvent.createMany({ data: events.map(outboxRowData) }),
      ]);
      return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>;
