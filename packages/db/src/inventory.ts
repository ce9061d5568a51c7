import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/inventory/client.js';

export { Prisma, ReservationStatus, MovementKind } from './generated/inventory/client.js';
export type { StockItem, Reservation, ReservationLine, Movement, OutboxEvent } from './generated/inventory/client.js';

/** The PostgreSQL schema that holds every inventory table. Raw SQL qualifies tables with it. */
export const INVENTORY_SCHEMA = 'inventory';

export type InventoryDb = PrismaClient;

/** Inventory's Prisma client on the shared pool, bound to the `inventory` schema. */
export function createInventoryDb(pool: pg.Pool): InventoryDb {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: INVENTORY_SCHEMA }) });
}
