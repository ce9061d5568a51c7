import type pg from 'pg';
import { prismaAdapter } from '@omnicart/db/prisma';
import { PrismaClient } from '@omnicart/db/recommendations';
import { outboxRowData, type OutboxEventRow } from '../events/index.js';
import type { ItemDto } from './schemas.js';

/** The only code that touches recommendations's tables (schema "recommendations"). Everything it returns is a plain DTO. */

export type RecommendationsDb = PrismaClient;

/** The Prisma client of recommendations on the shared pool, bound to the `recommendations` schema. */
export function createRecommendationsDb(pool: pg.Pool): RecommendationsDb {
  return new PrismaClient({ adapter: prismaAdapter(pool, 'recommendations') });
}

export function createRecommendationsRepository(db: RecommendationsDb) {
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

export type RecommendationsRepository = ReturnType<typeof createRecommendationsRepository>;
