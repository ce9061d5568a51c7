import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/orders/client.js';

export { Prisma, OrderStatus, StockState, IdempotencyState } from './generated/orders/client.js';

/** The PostgreSQL schema that holds every orders table. Raw SQL qualifies tables with it. */
export const ORDERS_SCHEMA = 'orders';

export type OrdersDb = PrismaClient;

/** Orders' Prisma client on the shared pool, bound to the `orders` schema. */
export function createOrdersDb(pool: pg.Pool): OrdersDb {
  return new PrismaClient({ adapter: new PrismaPg(pool, { schema: ORDERS_SCHEMA }) });
}
